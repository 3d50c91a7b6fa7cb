/** The weeks a digest covers: Monday 00:00 to Monday 00:00 in the school's zone, newest last. */
import { addDays, localTime } from '../calendar/school-calendar';

/** A digest week: Monday to the next Monday (exclusive), as local dates. */
export interface Week {
  /** Monday, YYYY-MM-DD (local). */
  start: string;
  /** The next Monday (exclusive). */
  end: string;
}

/** The last complete week before `now` (what Monday's digest reports) and the `count` weeks before it, oldest first. */
export function digestWeeks(now: Date, count: number, timeZone = 'Europe/London'): Week[] {
  const local = localTime(now, timeZone);
  const thisMonday = addDays(local.date, -((local.weekday + 6) % 7));
  const weeks: Week[] = [];
  for (let i = count; i >= 1; i--) weeks.push({ start: addDays(thisMonday, -7 * i), end: addDays(thisMonday, -7 * (i - 1)) });
  return weeks;
}

/** The ISO week key a digest is sent for (one per recipient per week): the Monday it is sent on. */
export function digestWeekKey(now: Date, timeZone = 'Europe/London'): string {
  const local = localTime(now, timeZone);
  return addDays(local.date, -((local.weekday + 6) % 7));
}
