/** Reading a retention rule ("keep", "30 days", "6 months", "25 years") and the cut-off it gives. */
import type { KeepFor } from '../policy/schema';

/** Records last touched before the returned instant are past their period; undefined for `keep`. */
export function cutoffFor(rule: KeepFor, now: Date): Date | undefined {
  if (rule === 'keep') return undefined;
  const [amountText, unit] = rule.split(' ') as [string, string];
  const amount = Number(amountText);
  const cutoff = new Date(now.getTime());
  if (unit.startsWith('day')) cutoff.setUTCDate(cutoff.getUTCDate() - amount);
  else if (unit.startsWith('month')) cutoff.setUTCMonth(cutoff.getUTCMonth() - amount);
  else cutoff.setUTCFullYear(cutoff.getUTCFullYear() - amount);
  return cutoff;
}
