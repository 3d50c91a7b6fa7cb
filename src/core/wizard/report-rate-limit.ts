/**
 * How many new reports one person may start: a burst, then a steady number an hour. Generous enough
 * for a member of staff reporting several concerns in a row; it stops a script (or a stuck client)
 * filling the store with drafts. Counted per instance; the refusal says what to do if a child is at risk.
 */
import { TokenBuckets } from '../delivery/token-bucket';
import { DomainError } from '../errors';
import type { Actor } from '../people/actor';
import type { School } from '../policy/schema';

/** How many reports one person may start: at once, then each hour. */
export interface ReportStartLimit {
  burst: number;
  perHour: number;
}

/** Someone started too many reports too fast: they are told how long to wait, that sent reports are safe, and what to do if a child is in danger. */
export class TooManyReportsError extends DomainError {
  constructor(
    readonly waitMinutes: number,
    /** Who to tell in person, e.g. "Alex Wilber (Designated Safeguarding Lead)". */
    tellInPerson = 'your safeguarding lead',
  ) {
    super(
      'rate-limited',
      `You have started a lot of reports in a short time, so I have paused new ones for ${waitMinutes === 1 ? 'a minute' : `${waitMinutes} minutes`}. ` +
        `Reports you have already sent are safe. If a child is in danger now, call 999 and tell ${tellInPerson} in person.`,
    );
  }
}

/** Throws `TooManyReportsError` when `actor` may not start another report yet. */
export type ReportStartGate = (actor: Pick<Actor, 'platform' | 'userId'>, tellInPerson?: string) => void;

/** A gate that lets each person start `limit.burst` reports at once and then `limit.perHour` an hour, counted in this instance's memory. */
export function reportStartGate(limit: ReportStartLimit, now: () => number): ReportStartGate {
  const buckets = new TokenBuckets(limit.burst, limit.perHour / 3600, now);
  return (actor, tellInPerson) => {
    const waitMs = buckets.take(`${actor.platform}:${actor.userId}`);
    if (waitMs > 0) throw new TooManyReportsError(Math.max(1, Math.ceil(waitMs / 60_000)), tellInPerson);
  };
}

/** "Alex Wilber (Designated Safeguarding Lead)", from the school's own role title; undefined if none is named. */
export function safeguardingLeadWords(school: School): string | undefined {
  const role = school.roles.dsl;
  const first = role?.holders[0];
  return first ? `${first.name} (${role.title})` : undefined;
}
