/**
 * Chooses and fills the Slack message for each queued message kind about an incident. References, staff
 * names and roles only: core's views decide what is said, this only picks the layout.
 */
import { describeAssignment, taskIdsForMessage } from '../../core/incidents/task-view';
import type { MessageKind, OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { describeEscalation } from '../../core/incidents/escalation-view';
import type { Incident } from '../../core/incidents/incident';
import { describeInformRole, describeReporterUpdate, describeTeamUnreachable, describeUrgentReminder } from '../../core/incidents/notice-views';
import { describeReceipt } from '../../core/incidents/receipt-view';
import type { School } from '../../core/policy/schema';
import { escalationMessage } from './views/escalation-message';
import type { SlackMessage } from './views/slack-types';
import { deliveryReportMessage, noticeMessage, receiptMessage, teamUnreachableMessage, urgentReminderMessage } from './views/notice-messages';
import { assignmentMessage } from './views/task-message';
import { caseSharedMessage } from './views/case-shared-message';
import { describeCaseShared } from '../../core/casefile/case-shared-view';

/** The Slack users core named to @mention. */
export function mentionIds(message: Pick<OutboxMessage, 'mentions'>): string[] {
  return (message.mentions ?? []).flatMap((h) => (h.slackUserId ? [h.slackUserId] : []));
}

/** Only a lead of the incident may acknowledge it: anyone further up the chain is told, not asked. */
function canAcknowledge(incident: Incident, message: OutboxMessage): boolean {
  const to = message.to;
  if (to.kind === 'dsl-channel') return true;
  if (to.kind !== 'holder') return false;
  return (incident.routing.people ?? []).some((p) => p.key === to.holder.key && p.part === 'lead');
}

/** A card (escalation or task list) drawn again for `chat.update`, from what was recorded when it was posted. */
export function renderCard(deps: CoreDeps, school: School, incident: Incident, kind: MessageKind, taskIds: string[], mentions: string[]): SlackMessage {
  const now = deps.clock.now();
  if (kind === 'task-assignment' || kind === 'task-reminder') {
    const view = describeAssignment(school, incident, taskIds, now, deps.pack.trust.roles);
    // A reminder stays a reminder only while one of its tasks is still overdue.
    const overdue = kind === 'task-reminder' && view.tasks.some((t) => t.overdue);
    return assignmentMessage(overdue ? describeAssignment(school, incident, taskIds, now, deps.pack.trust.roles, true) : view);
  }
  return escalationMessage(describeEscalation(deps.pack, school, incident, taskIds, now), mentions);
}

export function renderOutboxMessage(deps: CoreDeps, school: School, message: OutboxMessage, incident: Incident): SlackMessage {
  const now = deps.clock.now();
  const taskIds = taskIdsForMessage(incident, message);
  const view = () => describeEscalation(deps.pack, school, incident, taskIds, now);
  switch (message.message) {
    case 'report-receipt':
      return receiptMessage(describeReceipt(school, incident, deps.pack));
    case 'dsl-escalation':
    case 'role-escalation':
    case 'escalation-update':
      return escalationMessage(view(), mentionIds(message));
    case 'task-assignment':
      return assignmentMessage(describeAssignment(school, incident, taskIds, now, deps.pack.trust.roles));
    case 'task-reminder':
      return assignmentMessage(describeAssignment(school, incident, taskIds, now, deps.pack.trust.roles, true));
    case 'urgent-reminder': {
      const minutes = Math.round((now.getTime() - Date.parse(incident.reportedAt)) / 60000);
      const v = view();
      return urgentReminderMessage(describeUrgentReminder(v, minutes, canAcknowledge(incident, message)), v, mentionIds(message));
    }
    case 'inform-role':
      return noticeMessage(describeInformRole(view()));
    case 'team-unreachable':
      return teamUnreachableMessage(describeTeamUnreachable(incident.reference, message.text));
    case 'delivery-report':
      if (!message.report) throw new Error('a delivery report was queued without its report');
      return deliveryReportMessage(message.report);
    case 'reporter-update':
      return noticeMessage(describeReporterUpdate({ reference: incident.reference, text: message.text }));
    case 'share-delivery':
      return noticeMessage({ title: `Sharing ${incident.reference}`, lines: message.text ? [message.text] : [] });
    case 'case-shared': {
      const share = incident.shares?.find((s) => s.id === message.shareId);
      if (!share) return noticeMessage({ title: `${incident.reference} is no longer shared with you`, lines: [] });
      return caseSharedMessage(describeCaseShared(incident, share, now, school.timeZone));
    }
    case 'aup-reminder':
    case 'aup-escalation':
    case 'weekly-digest':
    case 'transfer-reminder':
    case 'review-reminder':
    case 'alert-triage':
    case 'alert-reminder':
    case 'alert-escalation':
    case 'alert-update':
    case 'unblock-request':
    case 'unblock-request-update':
    case 'unblock-outcome':
    case 'unblock-now':
    case 'reblock-reminder':
    case 'filtering-forbidden':
      throw new Error(`${message.message} is not about an incident`);
  }
}
