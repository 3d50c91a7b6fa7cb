/** Chooses and fills the Slack message for each queued message kind. References and roles only. */
import type { OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { describeEscalation } from '../../core/incidents/escalation-view';
import type { Incident } from '../../core/incidents/incident';
import { describeInformRole, describeReporterUpdate, describeUrgentReminder } from '../../core/incidents/notice-views';
import { describeReceipt } from '../../core/incidents/receipt-view';
import type { School } from '../../core/policy/schema';
import { escalationMessage, type SlackMessage } from './views/escalation-message';
import { noticeMessage, receiptMessage, urgentReminderMessage } from './views/notice-messages';

export function renderOutboxMessage(deps: CoreDeps, school: School, message: OutboxMessage, incident: Incident, mentionUserIds: string[]): SlackMessage {
  const view = describeEscalation(deps.pack, school, incident);
  switch (message.message) {
    case 'report-receipt':
      return receiptMessage(describeReceipt(school, incident));
    case 'dsl-escalation':
    case 'role-escalation':
    case 'escalation-update':
      // @mentions only while an urgent incident waits for someone to pick it up.
      return escalationMessage(view, incident.routing.urgent && incident.status === 'reported' ? mentionUserIds : []);
    case 'urgent-reminder': {
      const minutes = Math.round((deps.clock.now().getTime() - Date.parse(incident.reportedAt)) / 60000);
      const forHead = message.to.kind === 'role' && message.to.role === 'head' && incident.routing.destination.kind === 'dsl-channel';
      return urgentReminderMessage(describeUrgentReminder(view, minutes, !forHead), view, mentionUserIds);
    }
    case 'aup-reminder':
    case 'aup-escalation':
    case 'weekly-digest':
      throw new Error(`${message.message} is not about an incident`);
    case 'inform-role':
      return noticeMessage(describeInformRole(view));
    case 'reporter-update':
      return noticeMessage(describeReporterUpdate({ reference: incident.reference, text: message.text }));
  }
}
