/** Chooses and fills the card for each queued message kind. Only references and roles: no pupil details. */
import type { OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { describeEscalation } from '../../core/incidents/escalation-view';
import type { Incident } from '../../core/incidents/incident';
import { describeReceipt } from '../../core/incidents/receipt-view';
import type { School } from '../../core/policy/schema';
import {
  type MentionTarget,
  escalationCardData,
  informRoleCardData,
  receiptCardData,
  reporterUpdateCardData,
  urgentReminderCardData,
} from './cards/card-data';
import { renderCard } from './cards/render-card';

type Card = Record<string, unknown>;

export function renderOutboxCard(deps: CoreDeps, school: School, message: OutboxMessage, incident: Incident, mentions: MentionTarget[]): Card {
  const view = describeEscalation(deps.pack, school, incident);
  switch (message.message) {
    case 'report-receipt':
      return renderCard('report-receipt', receiptCardData(describeReceipt(school, incident)));
    case 'dsl-escalation':
    case 'role-escalation':
    case 'escalation-update':
      // @mentions only while an urgent card waits for someone to pick it up.
      return renderCard('dsl-escalation', escalationCardData(view, incident.routing.urgent && incident.status === 'reported' ? mentions : []));
    case 'urgent-reminder': {
      const minutes = Math.round((deps.clock.now().getTime() - Date.parse(incident.reportedAt)) / 60000);
      return renderCard('urgent-reminder', urgentReminderCardData(view, minutes, { mention: mentions }));
    }
    case 'inform-role':
      return renderCard('inform-role', informRoleCardData(view));
    case 'aup-reminder':
    case 'aup-escalation':
    case 'weekly-digest':
      throw new Error(`${message.message} is not about an incident`);
    case 'reporter-update':
      return renderCard('reporter-update', reporterUpdateCardData({ reference: incident.reference, text: message.text ?? `There is news on your report ${incident.reference}.` }));
  }
}
