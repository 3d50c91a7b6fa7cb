/** Chooses and fills the card for each queued message kind. Only references and roles: no pupil details. */
import type { OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { describeEscalation } from '../../core/incidents/escalation-view';
import type { Incident } from '../../core/incidents/incident';
import { describeReceipt } from '../../core/incidents/receipt-view';
import { roleTitle } from '../../core/people/actor';
import type { School } from '../../core/policy/schema';
import { escalationCardData, noticeCardData, receiptCardData, urgentReminderCardData } from './cards/card-data';
import { renderCard } from './cards/render-card';

type Card = Record<string, unknown>;

/** Adds Teams @mentions to a card so the named people are notified even if the channel is muted. */
function withMentions(card: Card, mentions: Array<{ id: string; name: string }>): Card {
  if (!mentions.length) return card;
  const line = { type: 'TextBlock', wrap: true, text: mentions.map((m) => `<at>${m.name}</at>`).join(' ') };
  return {
    ...card,
    body: [line, ...((card.body as unknown[]) ?? [])],
    msteams: { ...((card.msteams as object) ?? {}), entities: mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })) },
  };
}

export function renderOutboxCard(deps: CoreDeps, school: School, message: OutboxMessage, incident: Incident | undefined, mentions: Array<{ id: string; name: string }>): Card {
  const reference = incident?.reference ?? '';
  switch (message.message) {
    case 'report-receipt':
      return renderCard('report-receipt', receiptCardData(describeReceipt(school, incident as Incident))) as Card;
    case 'dsl-escalation':
    case 'role-escalation':
    case 'escalation-update': {
      const card = renderCard('dsl-escalation', escalationCardData(describeEscalation(deps.pack, school, incident as Incident))) as Card;
      return incident?.routing.urgent && incident.status === 'reported' ? withMentions(card, mentions) : card;
    }
    case 'urgent-reminder': {
      const view = describeEscalation(deps.pack, school, incident as Incident);
      const minutes = Math.round((deps.clock.now().getTime() - Date.parse((incident as Incident).reportedAt)) / 60000);
      return withMentions(renderCard('urgent-reminder', urgentReminderCardData(view, minutes)) as Card, mentions);
    }
    case 'inform-role':
      return renderCard(
        'notice',
        noticeCardData(`Online-safety incident ${reference}`, [
          `An incident has been reported at ${school.name}. The ${incident?.routing.destination.kind === 'dsl-channel' ? `${roleTitle(school, 'dsl')} and deputies are` : 'named lead is'} dealing with it.`,
          'You may be asked to help. You do not need to do anything now.',
        ]),
      ) as Card;
    case 'reporter-update':
      return renderCard('notice', noticeCardData(`Update on ${reference}`, [message.text ?? `There is news on your report ${reference}.`])) as Card;
  }
}
