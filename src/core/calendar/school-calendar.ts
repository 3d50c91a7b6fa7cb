/** When the bot may nag: school days (not weekends or the pack's holidays), within working hours, in the school's time zone. */

/** A school's calendar as the pack gives it (`aup.yaml`): holidays (inclusive YYYY-MM-DD) and working hours (HH:mm). */
export interface SchoolCalendar {
  holidays: Array<{ from: string; to: string }>;
  workingHours: { start: string; end: string };
}

/** A moment as the wall clock shows it in one time zone. */
export interface LocalTime {
  /** YYYY-MM-DD in the school's zone. */
  date: string;
  /** HH:mm in the school's zone. */
  time: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

// Formatting a date in a zone is slow (a digest converts tens of thousands of instants). Every zone's
// offset is a whole number of quarter hours and changes only on a quarter hour, so the offset is
// worked out once per quarter hour and the rest is arithmetic.
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** The local date, time and weekday of `instant` in `timeZone` (Europe/London by default); fast enough to call for every incident of a digest. */
export function localTime(instant: Date, timeZone = 'Europe/London'): LocalTime {
  const ms = instant.getTime();
  const bucket = Math.floor(ms / QUARTER_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = bucket * QUARTER_MS;
    const wall = formatLocal(new Date(start), timeZone);
    offset = Date.parse(`${wall.date}T${wall.time}:00Z`) - start;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  const local = new Date(ms + offset);
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: local.getUTCDay() };
}

function formatLocal(instant: Date, timeZone: string): LocalTime {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? '');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday };
}

/** True when `date` (YYYY-MM-DD, with its weekday) is neither a weekend nor one of the pack's holidays. */
export function isSchoolDay(date: string, weekday: number, policy: Pick<SchoolCalendar, 'holidays'>): boolean {
  if (weekday === 0 || weekday === 6) return false;
  return !policy.holidays.some((h) => date >= h.from && date <= h.to);
}

/** True when a reminder may be sent at `instant`. */
export function isSendingTime(instant: Date, policy: SchoolCalendar, timeZone?: string): boolean {
  const local = localTime(instant, timeZone);
  return isSchoolDay(local.date, local.weekday, policy) && local.time >= policy.workingHours.start && local.time < policy.workingHours.end;
}

/** Whole days from `from` to `to` (dates as YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` (YYYY-MM-DD) plus `days` whole days (negative for earlier). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
