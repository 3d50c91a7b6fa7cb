/**
 * The digest use cases: a school's weekly digest, the trust view (every school, for the trust's
 * safeguarding lead) and who may see them. Each school's digest reads its own partition only: two
 * queries for incidents (the trend window; older incidents still open) and two for the AUP register.
 */
import { recordAudit } from '../audit/audit-log';
import { aupComplianceFor } from '../aup/aup-compliance';
import type { CoreDeps } from '../deps';
import { NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { type Actor, actorRef, roleTitle, rolesOf, isSamePerson } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { RoleKey, School } from '../policy/schema';
import { addDays } from '../calendar/school-calendar';
import { buildSchoolDigest, type SchoolDigest, TREND_WEEKS } from './build-digest';
import { digestWeeks } from './digest-period';
import { alertCounts } from '../monitoring/alert-counts';

/** Who may read a school's digest on demand. */
export const DIGEST_READERS: RoleKey[] = ['head', 'dsl', 'deputy-dsl', 'esafety-lead'];

const OPEN = ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred'];

/**
 * `hiddenFrom`: the roles whose holders will read it. An incident whose plan keeps it from one of them
 * (a concern about the head, in the head's digest) is left out of the counts and lists altogether.
 */
export async function schoolDigest(deps: CoreDeps, school: School, now: Date, hiddenFrom: RoleKey[] = []): Promise<SchoolDigest> {
  const weeks = digestWeeks(now, TREND_WEEKS, school.timeZone);
  // A day's margin either side of the local week boundaries; the pure builder counts by local date.
  const from = `${addDays((weeks[0] as { start: string }).start, -1)}T00:00:00.000Z`;
  const [recent, open] = await Promise.all([
    deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'reportedAt', op: '>=', value: from }] }),
    // Older incidents still open: the recent ones are in the first query already.
    deps.store.query<Incident>('incidents', {
      schoolId: school.id,
      where: [
        { field: 'status', op: 'in', value: OPEN },
        { field: 'reportedAt', op: '<', value: from },
      ],
    }),
  ]);
  const shown = [...recent, ...open].filter((i) => !(i.routing.excludedRoles ?? []).some((r) => hiddenFrom.includes(r)));
  const digest = buildSchoolDigest(school, weeks, shown, await aupComplianceFor(deps, school, now), now);
  // Alerts by the week's UTC dates (a local week starts at most an hour off that).
  const alerts = await alertCounts(deps, school.id, new Date(`${digest.week.start}T00:00:00.000Z`), new Date(`${digest.week.end}T00:00:00.000Z`));
  return alerts.total ? { ...digest, alerts } : digest;
}

/** True when the actor is one of the trust's safeguarding leads. */
export function isTrustLead(deps: CoreDeps, actor: Actor): boolean {
  return (deps.pack.trust.roles['trust-safeguarding-lead']?.holders ?? []).some((h) => isSamePerson(actor, h));
}

/** `/digest` for one school: the head (and the safeguarding and online-safety leads). Audited. */
export async function readSchoolDigest(deps: CoreDeps, actor: Actor): Promise<SchoolDigest> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = rolesOf(actor, school).some((r) => DIGEST_READERS.includes(r));
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'digest.read', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed) throw new NotPermittedError(`see the weekly digest (the ${roleTitle(school, 'head')} can)`);
  return schoolDigest(deps, school, deps.clock.now(), rolesOf(actor, school));
}

/** The trust view: every school's digest, for the trust's safeguarding lead only. Audited per school. */
export async function readTrustDigest(deps: CoreDeps, actor: Actor, now: Date = deps.clock.now()): Promise<SchoolDigest[]> {
  const allowed = isTrustLead(deps, actor);
  for (const school of deps.pack.schools) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'digest.read-trust', outcome: allowed ? 'ok' : 'refused' });
  }
  if (!allowed) throw new NotPermittedError("see the trust's digest (the trust safeguarding lead can)");
  return trustDigest(deps, now);
}

/** Schools whose digests are built at once for the trust view: enough to keep the store busy, few enough that other requests get a turn. */
const SCHOOLS_AT_ONCE = 3;

/**
 * Every school's digest for the trust view, in the pack's order, without checking who asks (callers
 * check, as `readTrustDigest` does). A few schools at a time: other requests get a turn in between,
 * rather than waiting while every school's incidents arrive and are read at once.
 */
export async function trustDigest(deps: CoreDeps, now: Date): Promise<SchoolDigest[]> {
  const schools = deps.pack.schools;
  const digests: SchoolDigest[] = new Array(schools.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < schools.length; i = next++) digests[i] = await schoolDigest(deps, schools[i] as School, now);
  };
  await Promise.all(Array.from({ length: Math.min(SCHOOLS_AT_ONCE, schools.length) }, worker));
  return digests;
}
