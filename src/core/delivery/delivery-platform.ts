import type { OutboxMessage } from './outbox';

/**
 * The chat platform a queued message goes out on: a person's own platform, otherwise the platform the
 * incident was reported on (a school on Slack escalates in Slack; a school on Teams in Teams). Limit: a
 * school that uses both gets each incident's escalation only on the platform it was reported on.
 */
export function deliveryPlatform(message: Pick<OutboxMessage, 'to' | 'platform'>, incident: { reporter: { platform: string } } | undefined): 'teams' | 'slack' | undefined {
  if (message.to.kind === 'person') return message.to.person.platform;
  if (message.platform) return message.platform;
  const platform = incident?.reporter.platform;
  return platform === 'teams' || platform === 'slack' ? platform : undefined;
}
