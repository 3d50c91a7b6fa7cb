/**
 * The filtering log in counts, for the governors' report: how many changes of each kind were made in a
 * period, and how many unblocks were blocked again late (after their end, or not yet though it has
 * passed). A single-partition query on the school's `filtering` entries.
 */
import { localDayStart } from '../calendar/local-day';
import { addDays } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { FILTERING_KINDS, type FilteringEntry, type FilteringKind } from './filtering-entry';

/** The period's counts: changes by kind, unblocks approved, and how many of those were re-blocked late. */
export interface FilteringCounts {
  byKind: Record<FilteringKind, number>;
  /** Unblock requests that were approved (an unblock actually made). */
  unblocksApproved: number;
  /** Unblock requests refused (by an approver or at once for a forbidden category). */
  unblocksRefused: number;
  /** Approved unblocks blocked again after their end, or still open past their end. */
  reBlockedLate: number;
}

/** Minutes of grace after an unblock's end before its re-block counts as late. */
export const LATE_GRACE_MINUTES = 15;

/**
 * Counts the school's filtering entries asked for between `from` and `to` (ISO instants or YYYY-MM-DD
 * dates, `to` inclusive for a date). A date is the school's local day in `timeZone` (Europe/London by
 * default), so an entry at 00:30 BST on 1 September counts in September. Each "Blocked again" is its own
 * `re-block` entry.
 */
export async function filteringCounts(deps: Pick<CoreDeps, 'store' | 'clock'>, schoolId: string, from: string, to: string, timeZone = 'Europe/London'): Promise<FilteringCounts> {
  const start = from.length === 10 ? localDayStart(from, timeZone).toISOString() : from;
  const end = to.length === 10 ? new Date(localDayStart(addDays(to, 1), timeZone).getTime() - 1).toISOString() : to;
  const entries = await deps.store.query<FilteringEntry>('filtering', {
    schoolId,
    where: [
      { field: 'askedAt', op: '>=', value: start },
      { field: 'askedAt', op: '<=', value: end },
    ],
  });
  const byKind = Object.fromEntries(FILTERING_KINDS.map((k) => [k, 0])) as Record<FilteringKind, number>;
  const now = deps.clock.now().getTime();
  let unblocksApproved = 0;
  let unblocksRefused = 0;
  let reBlockedLate = 0;
  for (const entry of entries) {
    byKind[entry.kind] = (byKind[entry.kind] ?? 0) + 1;
    if (entry.kind !== 'unblock') continue;
    if (entry.status === 'refused') unblocksRefused++;
    if (entry.status !== 'unblocked' && entry.status !== 're-blocked') continue;
    unblocksApproved++;
    if (!entry.until) continue;
    const due = Date.parse(entry.until) + LATE_GRACE_MINUTES * 60_000;
    const closed = entry.reBlockedAt ? Date.parse(entry.reBlockedAt) : now;
    if (closed > due) reBlockedLate++;
  }
  return { byKind, unblocksApproved, unblocksRefused, reBlockedLate };
}
