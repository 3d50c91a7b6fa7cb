/**
 * Moving a date by whole calendar months, the one way both the AUP's due dates and retention do it: the
 * same day of the target month, or its last day when it is shorter (31 August less six months is 28 or
 * 29 February, never "31 February" rolled on to 3 March). Years are twelve months, so a leap day moves to
 * 28 February. Clamping only ever lands earlier in the month, so a period measured this way is never
 * shorter than it says: a record a cut-off deletes has had its whole period.
 */

/** `instant` moved by `months` whole calendar months (back when negative), in UTC, keeping its time of day. */
export function addMonthsToInstant(instant: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number, not ${months}`);
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid date');
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(instant.getTime());
  shifted.setUTCFullYear(year, month, Math.min(instant.getUTCDate(), lastDay));
  return shifted;
}

/** `instant` moved back by `months` whole calendar months, clamped to the end of a shorter month. */
export function subtractMonthsFromInstant(instant: Date, months: number): Date {
  return addMonthsToInstant(instant, -months);
}

/** A date (YYYY-MM-DD) `months` calendar months later (earlier when negative), clamped to the end of a shorter month. */
export function addMonths(date: string, months: number): string {
  return addMonthsToInstant(new Date(`${date}T00:00:00Z`), months)
    .toISOString()
    .slice(0, 10);
}

/** A date (YYYY-MM-DD) `months` calendar months earlier, clamped to the end of a shorter month. */
export function subtractMonths(date: string, months: number): string {
  return addMonths(date, -months);
}
