/**
 * When a task is due: the step's own `due` if it has one (for example the ICO's 72 hours), otherwise by
 * the incident's priority: urgent within the hour, today by the end of the school day, routine by the
 * end of the fifth school day. School days and hours are the pack's (`aup.yaml`: holidays, working hours).
 */
import { addDays, isSchoolDay, localTime, type SchoolCalendar } from '../calendar/school-calendar';
import type { DueIn } from '../policy/schema';
import type { Priority } from './assignment-plan';

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };

/** The instant of `time` (HH:mm) on local `date` in the school's zone. */
function atLocal(date: string, time: string, timeZone: string, near: Date): Date {
  const wall = localTime(near, timeZone);
  const offset = Date.parse(`${wall.date}T${wall.time}:00Z`) - Math.floor(near.getTime() / MINUTE) * MINUTE;
  return new Date(Date.parse(`${date}T${time}:00Z`) - offset);
}

/** The end of the school day `schoolDays` school days after today's (0: today's, or the next if it is over). */
export function endOfSchoolDay(now: Date, schoolDays: number, calendar: SchoolCalendar, timeZone: string): Date {
  const local = localTime(now, timeZone);
  let date = local.date;
  const weekdayOf = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
  const open = (d: string) => isSchoolDay(d, weekdayOf(d), calendar);
  if (!open(date) || local.time >= calendar.workingHours.end) {
    do date = addDays(date, 1);
    while (!open(date));
  }
  for (let left = schoolDays; left > 0; left--) {
    do date = addDays(date, 1);
    while (!open(date));
  }
  return atLocal(date, calendar.workingHours.end, timeZone, now);
}

/** When a task is due, from the step's own `due` or else the incident's priority, counting school days and working hours in the school's zone. */
export function taskDue(due: DueIn | undefined, priority: Priority, now: Date, calendar: SchoolCalendar, timeZone: string): Date {
  const spec = due ?? (priority === 'urgent' ? '1 hour' : priority === 'today' ? 'today' : undefined);
  if (spec === 'now') return now;
  if (spec === 'today') return endOfSchoolDay(now, 0, calendar, timeZone);
  if (spec) {
    const [count, unit] = spec.split(' ') as [string, string];
    return new Date(now.getTime() + Number(count) * (UNIT_MS[unit.replace(/s$/, '')] ?? MINUTE));
  }
  return endOfSchoolDay(now, 5, calendar, timeZone);
}
