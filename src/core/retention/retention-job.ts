/** The retention job: every six hours, one instance deletes what the pack's rules say is past its period. */
import type { ScheduledJob } from '../scheduling/scheduled-job';
import { RECORD_TYPES, applyRetention } from './apply-retention';

/** Retention as a scheduled job: every six hours, on one instance at a time. */
export const retentionJob: ScheduledJob = {
  name: 'retention',
  everyMs: 6 * 3600_000,
  timeZone: 'Europe/London',
  leaseMs: 30 * 60_000,
  async run(deps, now) {
    const bySchool = await applyRetention(deps, now);
    return Object.fromEntries(RECORD_TYPES.map((t) => [t, Object.values(bySchool).reduce((sum, c) => sum + c[t], 0)]));
  },
};
