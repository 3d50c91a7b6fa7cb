/**
 * The transfer reminders: until the DSL records that the new school has the child's file, the DSL who
 * handed it on is reminded once each school day, from the school day after the transfer, in working
 * hours only (the school calendar: weekends, the pack's holidays, `workingHours`). Each reminder has a
 * fixed id per (transfer, day), so a second instance or a rerun never sends one twice; a transfer whose
 * receipt is recorded is not looked at again, and a reminder queued before the receipt says nothing.
 * The outbox keeps only the transfer's id: the child's name is read from the store when it is drawn.
 */
import { isSendingTime, localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue, type OutboxMessage } from '../delivery/outbox';
import type { ScheduledJob } from '../scheduling/scheduled-job';
import type { Transfer } from './transfer-record';
import { describeTransferReminder, type TransferView } from './transfer-view';

/** The reminder's outbox id for one transfer and school day. */
export function transferReminderId(transferId: string, date: string): string {
  return `transfer-reminder:${transferId}:${date}`;
}

/** Queues today's reminder for every transfer still awaiting its receipt, in each school's working hours. Safe on several instances at once. */
export async function queueTransferReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<{ transfers: number; reminders: number }> {
  const result = { transfers: 0, reminders: 0 };
  for (const school of deps.pack.schools) {
    if (!isSendingTime(now, deps.pack.aup, school.timeZone)) continue;
    const today = localTime(now, school.timeZone).date;
    const waiting = await deps.store.query<Transfer>('transfers', { schoolId: school.id, where: [{ field: 'status', op: '=', value: 'awaiting-receipt' }] });
    result.transfers += waiting.length;
    for (const transfer of waiting) {
      if (localTime(new Date(transfer.transferredAt), school.timeZone).date >= today) continue;
      const queued = await enqueue(
        deps.store,
        {
          id: transferReminderId(transfer.id, today),
          schoolId: school.id,
          message: 'transfer-reminder',
          to: { kind: 'person', person: transfer.by },
          platform: transfer.by.platform,
          transferId: transfer.id,
        },
        now,
      );
      if (queued) result.reminders++;
    }
  }
  return result;
}

/** What a queued reminder says now; undefined once the receipt is recorded (or the transfer is gone), when there is nothing left to say. */
export async function describeQueuedTransferReminder(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'transferId'>): Promise<TransferView | undefined> {
  if (!message.transferId) return undefined;
  const transfer = await deps.store.get<Transfer>('transfers', message.schoolId, message.transferId);
  if (transfer?.status !== 'awaiting-receipt') return undefined;
  const school = deps.pack.schools.find((s) => s.id === message.schoolId);
  return describeTransferReminder(transfer, localTime(deps.clock.now(), school?.timeZone).date);
}

/** The reminders as a scheduled job: every 15 minutes; each run queues only what is due and nothing twice. */
export const transferReminderJob: ScheduledJob = {
  name: 'transfer-reminders',
  everyMs: 15 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 10 * 60_000,
  run: async (deps, now) => ({ ...(await queueTransferReminders(deps, now)) }),
};
