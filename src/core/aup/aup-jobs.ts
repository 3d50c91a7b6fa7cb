/** The AUP's scheduled job: a reminder sweep every 15 minutes (it sends only in school working hours). */
import type { ScheduledJob } from '../scheduling/scheduled-job';
import { sweepAupReminders } from './sweep-reminders';

/** The reminder sweep as a scheduled job: every 15 minutes; each run sends only what is due and nothing twice. */
export const aupReminderJob: ScheduledJob = {
  name: 'aup-reminders',
  everyMs: 15 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 10 * 60_000,
  run: async (deps, now) => ({ ...(await sweepAupReminders(deps, now)) }),
};
