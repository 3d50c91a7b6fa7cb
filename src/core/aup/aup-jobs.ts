/** The AUP's scheduled job: a reminder sweep every 15 minutes (it sends only in school working hours). */
import type { ScheduledJob } from '../scheduling/scheduled-job';
import { sweepAupReminders } from './sweep-reminders';

export const aupReminderJob: ScheduledJob = {
  name: 'aup-reminders',
  everyMs: 15 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 10 * 60_000,
  run: async (deps, now) => ({ ...(await sweepAupReminders(deps, now)) }),
};
