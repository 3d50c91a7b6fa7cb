/**
 * Reminders of monitoring alerts nobody has triaged. A severe alert received out of hours (`urgent`)
 * is nagged like an urgent incident: every `renotifyMinutes` (the school's `urgent` settings) until it is
 * triaged, day or night, @mentioning the DSL and deputies. Any other alert still untriaged after an hour
 * is reminded once an hour, in working hours only (the school calendar). One card per school and slot
 * lists every alert still waiting (so the channel never gets one per alert), with a fixed id per slot, so
 * a rerun or a second instance queues nothing twice; a reminder drawn after all were triaged says nothing.
 * Reminders go out on each of the school's alert platforms (`alertPlatforms`). A severe alert still
 * untriaged after `escalateToHeadAfterMinutes` also goes up the chain, once (`alert-escalation.ts`).
 */
import { isSendingTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import type { ScheduledJob } from '../scheduling/scheduled-job';
import { untriagedAlerts } from './alert-card-view';
import { queueAlertEscalations } from './alert-escalation';
import { alertPlatforms, onPlatform, safeguardingTeam } from './ingest-alert';

/** An ordinary untriaged alert is first reminded of after this long, then once per such slot. */
export const ALERT_REMINDER_MS = 60 * 60_000;

/** Queues the reminders due now for every school; returns how many were new. Safe to run again. */
export async function queueAlertReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<{ schools: number; reminders: number; escalations: number }> {
  const result = { schools: 0, reminders: 0, escalations: 0 };
  for (const school of deps.pack.schools) {
    const waiting = await untriagedAlerts(deps, school.id);
    if (!waiting.length) continue;
    result.schools++;
    result.escalations += await queueAlertEscalations(deps, school, waiting, now);
    const platforms = await alertPlatforms(deps, school);
    const queue = async (id: string, extra: { mentions?: ReturnType<typeof safeguardingTeam> } = {}) => {
      for (const platform of platforms)
        if (await enqueue(deps.store, { id: onPlatform(id, platform), schoolId: school.id, message: 'alert-reminder', to: { kind: 'dsl-channel' }, platform, ...extra }, now)) result.reminders++;
    };
    const age = (a: { receivedAt: string }) => now.getTime() - Date.parse(a.receivedAt);
    const nagMs = school.urgent.renotifyMinutes * 60_000;
    if (waiting.some((a) => a.urgent && age(a) >= nagMs)) {
      const slot = Math.floor(now.getTime() / nagMs);
      const mentions = safeguardingTeam(deps, school);
      await queue(`alert-nag:${school.id}:${slot}`, mentions.length ? { mentions } : {});
      continue;
    }
    if (!isSendingTime(now, deps.pack.aup, school.timeZone) || !waiting.some((a) => age(a) >= ALERT_REMINDER_MS)) continue;
    await queue(`alert-reminder:${school.id}:${Math.floor(now.getTime() / ALERT_REMINDER_MS)}`);
  }
  return result;
}

/** The reminders as a scheduled job: every minute, so a nag keeps to the school's interval. */
export const alertReminderJob: ScheduledJob = {
  name: 'alert-reminders',
  everyMs: 60_000,
  timeZone: 'Europe/London',
  leaseMs: 50_000,
  run: async (deps, now) => ({ ...(await queueAlertReminders(deps, now)) }),
};
