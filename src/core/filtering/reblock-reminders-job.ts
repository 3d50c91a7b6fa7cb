/**
 * The re-block reminders: once an approved unblock has reached its end, the technician is reminded to
 * block the site again, in working hours only (school days, the pack's `workingHours`), at once and then
 * each hour, until someone presses "Blocked again". Each reminder's id is fixed per (entry, day, hour),
 * so a second instance or a rerun never sends one twice; one queued before the re-block says nothing.
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

/** Queues this hour's reminder for every unblock past its end and not yet blocked again, in each school's working hours. */
export async function queueReblockReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<{ open: number; reminders: number }> {
  const result = { open: 0, reminders: 0 };
  for (const school of deps.pack.schools) {
    if (!isSendingTime(now, deps.pack.aup, school.timeZone)) continue;
    const here = localTime(now, school.timeZone);
    const due = await deps.store.query<FilteringEntry>('filtering', {
      schoolId: school.id,
      where: [
        { field: 'status', op: '=', value: 'unblocked' },
        { field: 'until', op: '<=', value: now.toISOString() },
      ],
    });
    result.open += due.length;
    for (const entry of due) {
      const queued = await enqueue(
        deps.store,
        {
          id: reblockReminderId(entry.id, here.date, here.time.slice(0, 2)),
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
  return result;
}

/** The reminders as a scheduled job: every 5 minutes, so a lesson's end is followed within minutes; nothing twice. */
export const reblockReminderJob: ScheduledJob = {
  name: 'reblock-reminders',
  everyMs: 5 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 4 * 60_000,
  run: async (deps, now) => ({ ...(await queueReblockReminders(deps, now)) }),
};
