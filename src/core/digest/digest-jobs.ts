/**
 * The weekly digest job: from the pack's weekday and time (Monday 08:00, Europe/London, by default)
 * until the end of that week, queue each school's digest for its head teacher and the trust view for the
 * trust safeguarding lead. Each has a fixed id per week, so restarts and several instances send one,
 * and a digest missed while the bot was down goes out late rather than not at all.
 */
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import { localTime } from '../calendar/school-calendar';
import { roleHolders } from '../people/role-holders';
import type { ScheduledJob } from '../scheduling/scheduled-job';
import type { RoleKey, School } from '../policy/schema';
import { digestWeekKey } from './digest-period';

function platformFor(deps: CoreDeps, school: School | undefined, role: RoleKey): 'teams' | 'slack' {
  const holders = roleHolders(deps.pack, school, role);
  return holders.some((h) => h.teamsUserId) || !holders.some((h) => h.slackUserId) ? 'teams' : 'slack';
}

/** True from the digest's weekday and time until the week ends (so a late start still sends it). */
export function digestDue(now: Date, schedule: { weekday: number; time: string }, timeZone: string): boolean {
  const local = localTime(now, timeZone);
  const day = local.weekday === 0 ? 7 : local.weekday;
  return day > schedule.weekday || (day === schedule.weekday && local.time >= schedule.time);
}

/** Queues this week's digests that are due now (each school's for its head, the trust's for the trust safeguarding lead), each once per week. */
export async function queueWeeklyDigests(deps: CoreDeps, now: Date): Promise<{ queued: number }> {
  let queued = 0;
  for (const school of deps.pack.schools) {
    if (!digestDue(now, deps.pack.digest, school.timeZone)) continue;
    const week = digestWeekKey(now, school.timeZone);
    const message = { schoolId: school.id, message: 'weekly-digest' as const, digest: { week, scope: 'school' as const } };
    if (await enqueue(deps.store, { ...message, id: `digest:${school.id}:${week}`, to: { kind: 'role', role: 'head' }, platform: platformFor(deps, school, 'head') }, now)) queued++;
  }
  const first = deps.pack.schools[0];
  if (first && roleHolders(deps.pack, undefined, 'trust-safeguarding-lead').length && digestDue(now, deps.pack.digest, first.timeZone)) {
    const week = digestWeekKey(now, first.timeZone);
    const message = { schoolId: first.id, message: 'weekly-digest' as const, digest: { week, scope: 'trust' as const } };
    if (
      await enqueue(
        deps.store,
        { ...message, id: `digest:trust:${week}`, to: { kind: 'role', role: 'trust-safeguarding-lead' }, platform: platformFor(deps, undefined, 'trust-safeguarding-lead') },
        now,
      )
    )
      queued++;
  }
  return { queued };
}

/** The weekly digest as a scheduled job: checks every 15 minutes whether a digest is due. */
export const weeklyDigestJob: ScheduledJob = {
  name: 'weekly-digest',
  everyMs: 15 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 10 * 60_000,
  run: (deps, now) => queueWeeklyDigests(deps, now),
};
