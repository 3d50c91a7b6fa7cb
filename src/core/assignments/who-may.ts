/**
 * Who may do what with an incident, from its plan: anyone who may be its subject may do nothing; the
 * leads may act on it (acknowledge, assign, refer, close); leads and task holders may add a note and
 * read the full record; a task may be marked only by a holder of the role that owns it. A colleague the
 * case is shared with may, while the share is live, read the full record and mark their own shared task,
 * and nothing else.
 */
import { localTime } from '../calendar/school-calendar';
import { type Actor, isSamePerson, rolesOf } from '../people/actor';
import { roleHolders } from '../people/role-holders';
import type { PersonIdentity, PolicyPack, School } from '../policy/schema';
import type { PlannedIncident } from './assignment-plan';
import type { IncidentTask } from './incident-task';

type Planned = Pick<PlannedIncident, 'routing'>;

/**
 * What a share of a case gives one named colleague, as far as who-may needs it (the whole record is
 * `CaseShare` in `core/incidents/case-share.ts`): who, until which school day (inclusive), whether it was
 * revoked, and the task it carries, if any.
 */
export interface ShareGrant {
  id: string;
  person: Pick<PersonIdentity, 'name' | 'email' | 'teamsUserId' | 'slackUserId'>;
  /** The last day it lasts (YYYY-MM-DD, in the school's time zone). */
  until: string;
  revokedAt?: string;
  taskId?: string;
}

/** True while the share lasts: not revoked, and `now` is on or before its last day in the school's time zone. */
export function isLiveShare(share: Pick<ShareGrant, 'until' | 'revokedAt'>, now: Date, timeZone = 'Europe/London'): boolean {
  return !share.revokedAt && localTime(now, timeZone).date <= share.until;
}

/** The actor's live shares of the incident at `now` (none for anyone who may be its subject). */
export function liveSharesOf(pack: PolicyPack, school: School, incident: Planned & { shares?: readonly ShareGrant[] }, actor: Actor, now: Date): ShareGrant[] {
  if (mayBeSubject(pack, school, incident, actor)) return [];
  return (incident.shares ?? []).filter((s) => isLiveShare(s, now, school.timeZone) && isSamePerson(actor, s.person as PersonIdentity));
}

/** Roles the actor holds at the school, or in the trust (the trust safeguarding lead). */
function actorRoles(pack: PolicyPack, school: School, actor: Actor): string[] {
  const trust = Object.entries(pack.trust.roles)
    .filter(([, role]) => role?.holders.some((h) => isSamePerson(actor, h)))
    .map(([key]) => key);
  return [...new Set([...rolesOf(actor, school), ...trust])];
}

/** True when the actor holds a role the plan keeps out because its holders may be the incident's subject: such a person may do nothing with it. */
export function mayBeSubject(pack: PolicyPack, school: School, incident: Planned, actor: Actor): boolean {
  return (incident.routing.excludedRoles ?? []).some((r) => roleHolders(pack, school, r).some((h) => isSamePerson(actor, h)));
}

/** True when the actor may act on the incident as a lead (acknowledge, assign, refer, close); never someone who may be its subject. */
export function mayLead(pack: PolicyPack, school: School, incident: Planned, actor: Actor): boolean {
  if (mayBeSubject(pack, school, incident, actor)) return false;
  return actorRoles(pack, school, actor).some((r) => incident.routing.actingRoles.includes(r));
}

/**
 * True when the actor may add a note and read the full record: a lead or a task holder, never someone who
 * may be the subject. With `sharedAt` (the clock's now), also a colleague with a live share, who may only
 * read: callers pass it for the full record alone, so a share never lets anyone add a note or lead.
 */
export function mayRead(pack: PolicyPack, school: School, incident: Planned & { shares?: readonly ShareGrant[] }, actor: Actor, sharedAt?: Date): boolean {
  if (mayBeSubject(pack, school, incident, actor)) return false;
  const readers = [...incident.routing.actingRoles, ...(incident.routing.taskRoles ?? [])];
  if (actorRoles(pack, school, actor).some((r) => readers.includes(r))) return true;
  return Boolean(sharedAt && liveSharesOf(pack, school, incident, actor, sharedAt).length);
}

/**
 * True when the actor may mark this task: a holder of the role that owns it, never the reporter's own
 * tasks and never someone who may be the subject. With `now`, a shared task is also the colleague's
 * whose live share carries it.
 */
export function mayDoTask(
  pack: PolicyPack,
  school: School,
  incident: Planned & { shares?: readonly ShareGrant[] },
  task: Pick<IncidentTask, 'ownerRole'> & { id?: string },
  actor: Actor,
  now?: Date,
): boolean {
  if (task.ownerRole === 'reporter' || mayBeSubject(pack, school, incident, actor)) return false;
  if (now && task.id && liveSharesOf(pack, school, incident, actor, now).some((s) => s.taskId === task.id)) return true;
  return actorRoles(pack, school, actor).includes(task.ownerRole);
}
