import type { Actor } from '../../core/people/actor';
import type { PolicyPack } from '../../core/policy/schema';

/**
 * The person behind a Slack request: their Slack user id, named as the policy pack names them (so the
 * chronology reads "Grace Mensah", not a handle), else by their Slack username.
 */
export function slackActor(pack: PolicyPack, userId: string, username?: string): Actor {
  const holders = pack.schools.flatMap((s) => Object.values(s.roles).flatMap((r) => r?.holders ?? []));
  const named = holders.find((h) => h.slackUserId === userId);
  return { platform: 'slack', userId, name: named?.name ?? username ?? 'Someone' };
}
