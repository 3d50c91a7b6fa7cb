/** Chooses and fills the card for each queued message kind. Only references and roles: no pupil details. */
import { describeAssignment, taskIdsForMessage } from '../../core/incidents/task-view';
import type { OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { describeEscalation } from '../../core/incidents/escalation-view';
import type { Incident } from '../../core/incidents/incident';
import { describeReceipt } from '../../core/incidents/receipt-view';
import type { School } from '../../core/policy/schema';
import {
  type MentionTarget,
  deliveryReportCardData,
  escalationCardData,
  informRoleCardData,
  noticeCardData,
  receiptCardData,
  reporterUpdateCardData,
  taskCardData,
  teamUnreachableCardData,
  urgentReminderCardData,
} from './cards/card-data';
import { renderCard } from './cards/render-card';
import { caseSharedCardData } from './cards/case-shared-data';
import { describeCaseShared } from '../../core/casefile/case-shared-view';

type Card = Record<string, unknown>;

/** The case card (the lead's), listing `taskIds` with their buttons. */
export function caseCard(deps: CoreDeps, school: School, incident: Incident, taskIds: string[], mentions: MentionTarget[] = []): Card {
  return renderCard('dsl-escalation', escalationCardData(describeEscalation(deps.pack, school, incident, taskIds, deps.clock.now()), mentions));
}

/** A task holder's card with their `taskIds`; `reminder` heads it as overdue. */
export function taskCard(deps: CoreDeps, school: School, incident: Incident, taskIds: string[], reminder = false): Card {
  return renderCard('task-assignment', taskCardData(describeAssignment(school, incident, taskIds, deps.clock.now(), deps.pack.trust.roles, reminder)));
}

/**
 * The card for one queued message. `mentions`: the people core listed to @mention, as Teams users;
 * `leads`: whether this recipient leads the incident (only a lead is offered Acknowledge on a nag).
 */
export function renderOutboxCard(deps: CoreDeps, school: School, message: OutboxMessage, incident: Incident, options: { mentions: MentionTarget[]; leads: boolean }): Card {
  const taskIds = taskIdsForMessage(incident, message);
  switch (message.message) {
    case 'report-receipt':
      return renderCard('report-receipt', receiptCardData(describeReceipt(school, incident, deps.pack)));
    case 'dsl-escalation':
    case 'role-escalation':
    case 'escalation-update':
      return caseCard(deps, school, incident, taskIds, options.mentions);
    case 'task-assignment':
    case 'task-reminder':
      return taskCard(deps, school, incident, taskIds, message.message === 'task-reminder');
    case 'urgent-reminder': {
      const minutes = Math.round((deps.clock.now().getTime() - Date.parse(incident.reportedAt)) / 60000);
      const view = describeEscalation(deps.pack, school, incident, [], deps.clock.now());
      return renderCard('urgent-reminder', urgentReminderCardData(view, minutes, { mention: options.mentions, acknowledge: options.leads }));
    }
    case 'inform-role':
      return renderCard('inform-role', informRoleCardData(describeEscalation(deps.pack, school, incident)));
    case 'team-unreachable':
      return renderCard('notice', teamUnreachableCardData(incident.reference, message.text));
    case 'delivery-report':
      return message.report
        ? renderCard('delivery-report', deliveryReportCardData(message.report))
        : renderCard('notice', noticeCardData(`Who has been told about ${incident.reference}`, message.text ? [message.text] : []));
    case 'reporter-update':
      return renderCard('reporter-update', reporterUpdateCardData({ reference: incident.reference, text: message.text ?? `There is news on your report ${incident.reference}.` }));
    case 'share-delivery':
      return renderCard('notice', noticeCardData(`Sharing ${incident.reference}`, message.text ? [message.text] : []));
    case 'case-shared': {
      const share = incident.shares?.find((s) => s.id === message.shareId);
      if (!share) return renderCard('notice', noticeCardData(`${incident.reference} is no longer shared with you`));
      return renderCard('case-shared', caseSharedCardData(describeCaseShared(incident, share, deps.clock.now(), school.timeZone)));
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
