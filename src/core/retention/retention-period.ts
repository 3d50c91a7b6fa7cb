/** Reading a retention rule ("keep", "30 days", "6 months", "25 years") and the cut-off it gives. */
import { subtractMonthsFromInstant } from '../calendar/months';
import type { KeepFor } from '../policy/schema';

/**
 * Records last touched before the returned instant are past their period; undefined for `keep`. Months
 * and years are calendar months (see `calendar/months.ts`): at a month's end the cut-off falls on the
 * shorter month's last day, so a record may be kept a day or three longer than its period, never less.
 */
export function cutoffFor(rule: KeepFor, now: Date): Date | undefined {
  if (rule === 'keep') return undefined;
  const [amountText, unit] = rule.split(' ') as [string, string];
  const amount = Number(amountText);
  if (unit.startsWith('day')) {
    const cutoff = new Date(now.getTime());
    cutoff.setUTCDate(cutoff.getUTCDate() - amount);
    return cutoff;
  }
  return subtractMonthsFromInstant(now, unit.startsWith('month') ? amount : amount * 12);
}
