/**
 * Where a school's local day begins and ends as instants, so a count "for September" means September on
 * the school's wall clock: in British Summer Time 00:30 on 1 September is 23:30 UTC on 31 August, and
 * belongs to September. Correct across the clock changes (the offset is read on both sides of the day).
 */
import { localTime } from './school-calendar';

/** The zone's offset from UTC in ms at `ms` (to the minute). */
function offsetAt(ms: number, timeZone: string): number {
  const wall = localTime(new Date(ms), timeZone);
  return Date.parse(`${wall.date}T${wall.time}:00Z`) - Math.floor(ms / 60_000) * 60_000;
}

/** The instant local midnight begins `date` (YYYY-MM-DD) in `timeZone` (or, where a clock change skips midnight, the day's first instant). */
export function localDayStart(date: string, timeZone = 'Europe/London'): Date {
  const wallMidnight = Date.parse(`${date}T00:00:00Z`);
  // The offset either side of the day; the earlier candidate that falls on `date` is its start.
  const candidates = [wallMidnight - offsetAt(wallMidnight - 86_400_000, timeZone), wallMidnight - offsetAt(wallMidnight + 86_400_000, timeZone)]
    .filter((ms) => localTime(new Date(ms), timeZone).date === date)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wallMidnight - offsetAt(wallMidnight, timeZone));
}
