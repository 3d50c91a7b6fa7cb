/**
 * When an unblock ends, under the school calendar: `for the lesson` ends with the lesson going on now
 * (the pack's lesson times) or, without lesson times or between lessons, in one hour; `for period 3` at
 * that lesson's end today; `for today` at the end of the school's working hours; `for 45 minutes` and
 * `until 15:10` as said. Never longer than the school day it is asked on: the end must be later today
 * (in the school's time zone) and at most 10 hours away.
 */
import { localTime } from '../calendar/school-calendar';
import type { FilteringPolicy } from './filtering-rules';
import type { AskedPeriod } from './unblock-text';

/** The longest unblock, in minutes. */
export const MAX_UNBLOCK_MINUTES = 10 * 60;
/** How long "for the lesson" lasts when the school has no lesson times (or none is on now). */
export const LESSON_FALLBACK_MINUTES = 60;

/** The end of an unblock and how it is said, or a sentence saying why it cannot be. */
export type UnblockEnd = { until: Date; words: string } | { problem: string };

/** The instant a wall-clock time (`HH:mm`) on `date` (YYYY-MM-DD) falls at in `timeZone`. */
export function instantAt(date: string, time: string, timeZone: string): Date {
  let guess = Date.parse(`${date}T${time}:00Z`);
  for (let i = 0; i < 2; i++) {
    const seen = localTime(new Date(guess), timeZone);
    const drift = Date.parse(`${seen.date}T${seen.time}:00Z`) - Date.parse(`${date}T${time}:00Z`);
    guess -= drift;
  }
  return new Date(guess);
}

/** Works out when the unblock asked for ends, from `now`. */
export function unblockEnd(asked: AskedPeriod, now: Date, rules: Pick<FilteringPolicy, 'lessons'>, school: { timeZone: string; workingHoursEnd: string }): UnblockEnd {
  const here = localTime(now, school.timeZone);
  const at = (time: string) => instantAt(here.date, time, school.timeZone);
  let end: Date;
  let words: string;
  switch (asked.kind) {
    case 'lesson': {
      const lesson = rules.lessons.find((l) => l.start <= here.time && here.time < l.end);
      if (lesson) {
        end = at(lesson.end);
        words = `for the lesson (period ${lesson.period}, until ${lesson.end})`;
      } else {
        end = new Date(now.getTime() + LESSON_FALLBACK_MINUTES * 60_000);
        words = `for the lesson (one hour, until ${localTime(end, school.timeZone).time})`;
      }
      break;
    }
    case 'period': {
      const lesson = rules.lessons.find((l) => l.period.toUpperCase() === asked.period);
      if (!lesson)
        return {
          problem: rules.lessons.length ? `There is no period ${asked.period} in the school day.` : 'Your school has not given me its lesson times: say "for the lesson" or "until 15:10" instead.',
        };
      if (lesson.end <= here.time) return { problem: `Period ${asked.period} has already finished today.` };
      end = at(lesson.end);
      words = `for period ${lesson.period} (until ${lesson.end})`;
      break;
    }
    case 'today':
      end = at(school.workingHoursEnd);
      words = `for today (until ${school.workingHoursEnd})`;
      break;
    case 'minutes':
      end = new Date(now.getTime() + asked.minutes * 60_000);
      words = `for ${asked.minutes} minutes (until ${localTime(end, school.timeZone).time})`;
      break;
    case 'until':
      end = at(asked.time);
      words = `until ${asked.time}`;
      break;
  }
  if (end.getTime() <= now.getTime()) return { problem: `${words.replace(/^./, (c) => c.toUpperCase())} has already passed. Give a time later today.` };
  if (localTime(end, school.timeZone).date !== here.date || end.getTime() - now.getTime() > MAX_UNBLOCK_MINUTES * 60_000)
    return { problem: 'An unblock lasts one school day at most: give a time later today, such as until 15:10.' };
  return { until: end, words };
}
