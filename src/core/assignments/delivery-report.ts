/**
 * Who an incident has actually reached, person by person, from the outbox's delivery records: a person
 * is "reached" only when every message for them was acknowledged by the platform. The reporter's
 * delivery report and the full record say it from here. Staff names and role titles only.
 */
import type { DeliveryReportView } from '../delivery/delivery-report-view';
import type { OutboxMessage, UnreachableReason } from '../delivery/outbox';
import type { School } from '../policy/schema';
import type { PlannedIncident, PlannedPerson } from './assignment-plan';
import { isFanOut } from './fan-out';
import { titleOf } from '../people/role-titles';

/** Where one person's messages stand: all acknowledged by the platform, still being tried, or given up on. */
export type DeliveryState = 'delivered' | 'trying' | 'unreachable';

/** One planned person's delivery, as the delivery report and the full record show it. */
export interface PersonDelivery {
  key: string;
  /** "Sam Reid, Network Manager". */
  who: string;
  part: PlannedPerson['part'];
  state: DeliveryState;
  /** How they were reached: in the safeguarding channel, or one-to-one. */
  how?: 'channel' | 'direct';
  reason?: UnreachableReason;
}

type Platform = 'teams' | 'slack';
const PLATFORM_NAME: Record<Platform, string> = { teams: 'Teams', slack: 'Slack' };

/** Why someone could not be reached, in plain words for the reporter (names the platform, never a person). */
export function reasonWords(reason: UnreachableReason | undefined, platform: Platform): string {
  const name = PLATFORM_NAME[platform];
  switch (reason) {
    case 'no-platform-id':
      return `the policy pack has no ${name} account for them`;
    case 'no-conversation':
      return `they have not opened a chat with the bot in ${name} yet`;
    case 'no-channel':
      return 'no safeguarding channel is registered';
    case 'refused':
      return `${name} refused the message`;
    default:
      return 'the bot could not reach them';
  }
}

/** Each planned person's delivery, from the incident's messages in the outbox. */
export function personDeliveries(
  school: School,
  incident: Pick<PlannedIncident, 'routing'>,
  messages: OutboxMessage[],
  trustRoles: Record<string, { title: string } | undefined> = {},
): PersonDelivery[] {
  const fan = messages.filter(isFanOut);
  const channel = fan.find((m) => m.to.kind === 'dsl-channel');
  return (incident.routing.people ?? []).map((person) => {
    const direct = fan.filter((m) => m.to.kind === 'holder' && m.to.holder.key === person.key);
    // A lead the channel could not reach is messaged directly instead; the channel's failure is not theirs.
    const channelCounts = person.viaChannel && channel && (channel.status !== 'unreachable' || !direct.some((m) => m.id.includes(':lead:')));
    const mine = [...(channelCounts && channel ? [channel] : []), ...direct];
    const who = `${person.name}, ${person.roles.map((r) => titleOf(school, r, trustRoles)).join(' and ')}`;
    const failed = mine.find((m) => m.status === 'unreachable' || (m.status === 'pending' && m.unreachable));
    const state: DeliveryState = mine.length && mine.every((m) => m.status === 'sent') ? 'delivered' : failed ? 'unreachable' : 'trying';
    const how = channelCounts && channel?.status === 'sent' ? 'channel' : direct.some((m) => m.status === 'sent') ? 'direct' : undefined;
    return { key: person.key, who, part: person.part, state, ...(how && { how }), ...(failed?.unreachable && { reason: failed.unreachable.reason }) };
  });
}

/** The reporter's delivery report: who was reached, who is still being tried, who was not and what the reporter must now do themselves. Pure. */
export function describeDeliveryReport(reference: string, platform: Platform, deliveries: PersonDelivery[], extra: { teamUnreachable?: string } = {}): DeliveryReportView {
  const job = (d: PersonDelivery) => (d.part === 'inform' ? 'for information' : d.part === 'lead' ? 'to lead it' : 'a task');
  const reached = deliveries.filter((d) => d.state === 'delivered').map((d) => `${d.who} (${job(d)}${d.how === 'channel' ? ', in the safeguarding channel' : ''})`);
  const trying = deliveries.filter((d) => d.state === 'trying').map((d) => `${d.who} (${job(d)}): ${PLATFORM_NAME[platform]} has not answered yet; I am still trying`);
  const missed = deliveries.filter((d) => d.state === 'unreachable');
  const notReached = missed.map((d) =>
    d.how === 'channel'
      ? `${d.who} (${job(d)}): the safeguarding channel's card reached them, but not their other tasks: ${reasonWords(d.reason, platform)}`
      : `${d.who} (${job(d)}): ${reasonWords(d.reason, platform)}`,
  );
  const mustAct = missed.filter((d) => d.part !== 'inform').map((d) => d.who.split(',')[0] ?? d.who);
  const advice = [
    ...(extra.teamUnreachable ? [extra.teamUnreachable] : []),
    ...(mustAct.length ? [`Please tell ${listWords(mustAct)} yourself, in person or by phone, and quote ${reference}: the bot could not give them their part.`] : []),
    ...(!missed.length && !trying.length ? ['Everyone who has a part in this has been given it.'] : []),
  ];
  return { reference, title: `Who has been told about ${reference}`, reached, trying, notReached, advice };
}

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
