/**
 * The re-block reminders: once an approved unblock has reached its end, the technician is reminded to
 * block the site again. The first reminder goes as soon as the unblock has ended, whatever the hour or
 * day (a site unblocked until 16:45, or over a weekend, is not left open with nobody told); later ones
 * follow each hour in working hours only (school days, the pack's `workingHours`) until someone presses
 * "Blocked again". Each reminder's id is fixed per (entry, day, hour): the first takes the hour the
 * unblock ended in, the later ones the hour they are sent in, so a second instance or a rerun never
 * sends one twice, and an end inside working hours is one reminder for that hour, not two. One queued
 * before the re-block says nothing.
 */
import { isSendingTime, localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import type { ScheduledJob } from '../scheduling/scheduled-job';
import type { FilteringEntry } from './filtering-entry';

/** The reminder's outbox id for one unblock and one hour of one school day. */
export function reblockReminderId(entryId: string, date: string, hour: string): string {
  return `reblock-reminder:${entryId}:${date}T${hour}`;
}

/** The ids due now for one ended unblock: the first (the hour it ended in) always, this hour's only in working hours. */
function dueIds(entry: FilteringEntry, now: Date, inHours: boolean, timeZone: string): string[] {
  const ended = localTime(new Date(entry.until ?? now.toISOString()), timeZone);
  const here = localTime(now, timeZone);
  const ids = [reblockReminderId(entry.id, ended.date, ended.time.slice(0, 2))];
  if (inHours) ids.push(reblockReminderId(entry.id, here.date, here.time.slice(0, 2)));
  return [...new Set(ids)];
}

/** Queues the reminders due now for every unblock past its end and not yet blocked again: the first at any hour, then hourly in each school's working hours. */
export async function queueReblockReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<{ open: number; reminders: number }> {
  const result = { open: 0, reminders: 0 };
  for (const school of deps.pack.schools) {
    const inHours = isSendingTime(now, deps.pack.aup, school.timeZone);
    const due = await deps.store.query<FilteringEntry>('filtering', {
      schoolId: school.id,
      where: [
        { field: 'status', op: '=', value: 'unblocked' },
        { field: 'until', op: '<=', value: now.toISOString() },
      ],
    });
    result.open += due.length;
    for (const entry of due) {
      for (const id of dueIds(entry, now, inHours, school.timeZone)) {
        const queued = await enqueue(
          deps.store,
          {
            id,
            schoolId: school.id,
            message: 'reblock-reminder',
            to: { kind: 'role', role: 'it-technician' },
            platform: entry.askedBy.platform,
            filtering: { entryId: entry.id },
          },
          now,
        );
        if (queued) result.reminders++;
      }
    }
  }
  return result;
}

/** The reminders as a scheduled job: every 5 minutes, so an unblock's end is followed within minutes at any hour; nothing twice. */
export const reblockReminderJob: ScheduledJob = {
  name: 'reblock-reminders',
  everyMs: 5 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 4 * 60_000,
  run: async (deps, now) => ({ ...(await queueReblockReminders(deps, now)) }),
};
