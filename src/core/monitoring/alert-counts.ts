/**
 * Monitoring alerts in counts, for the digest and the governors' report: how many by category, how many
 * still untriaged, and how fast they were triaged. Counts only: no reference, no content.
 */
import type { CoreDeps } from '../deps';
import { ALERT_CATEGORIES, type AlertCategory, type AlertRecord } from './alert-record';

/** One school's alerts received in a period, in counts. */
export interface AlertCounts {
  total: number;
  byCategory: Record<AlertCategory, number>;
  /** Received in the period and not yet triaged. */
  untriaged: number;
  /** Median minutes from receipt to triage over those triaged; undefined when none was. */
  medianMinutesToTriage?: number;
}

/** The median of a list of numbers, or undefined for none. */
function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Counts a school's alerts received from `from` (inclusive) to `to` (exclusive): by category, untriaged,
 * and the median minutes to triage (rounded to one decimal place). One single-partition query.
 */
export async function alertCounts(deps: Pick<CoreDeps, 'store'>, schoolId: string, from: Date, to: Date): Promise<AlertCounts> {
  const alerts = await deps.store.query<AlertRecord>('alerts', {
    schoolId,
    where: [
      { field: 'receivedAt', op: '>=', value: from.toISOString() },
      { field: 'receivedAt', op: '<', value: to.toISOString() },
    ],
  });
  const byCategory = Object.fromEntries(ALERT_CATEGORIES.map((c) => [c, 0])) as Record<AlertCategory, number>;
  const minutes: number[] = [];
  let untriaged = 0;
  for (const alert of alerts) {
    byCategory[alert.category] = (byCategory[alert.category] ?? 0) + 1;
    if (!alert.triage) untriaged += 1;
    else minutes.push((Date.parse(alert.triage.at) - Date.parse(alert.receivedAt)) / 60_000);
  }
  const mid = median(minutes);
  return { total: alerts.length, byCategory, untriaged, medianMinutesToTriage: mid === undefined ? undefined : Math.round(mid * 10) / 10 };
}
