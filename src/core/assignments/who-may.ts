/**
 * Who may do what with an incident, from its plan: anyone who may be its subject may do nothing; the
 * leads may act on it (acknowledge, assign, refer, close); leads and task holders may add a note and
 * read the full record; a task may be marked only by a holder of the role that owns it.
 */
import { type Actor, isSamePerson, rolesOf } from '../people/actor';
import { roleHolders } from '../people/role-holders';
import type { PolicyPack, School } from '../policy/schema';
import type { PlannedIncident } from './assignment-plan';
import type { IncidentTask } from './incident-task';

type Planned = Pick<PlannedIncident, 'routing'>;

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

/** True when the actor may add a note and read the full record: a lead or a task holder, never someone who may be the subject. */
export function mayRead(pack: PolicyPack, school: School, incident: Planned, actor: Actor): boolean {
  if (mayBeSubject(pack, school, incident, actor)) return false;
  const readers = [...incident.routing.actingRoles, ...(incident.routing.taskRoles ?? [])];
  return actorRoles(pack, school, actor).some((r) => readers.includes(r));
}

/** True when the actor may mark this task: a holder of the role that owns it, never the reporter's own tasks and never someone who may be the subject. */
export function mayDoTask(pack: PolicyPack, school: School, incident: Planned, task: Pick<IncidentTask, 'ownerRole'>, actor: Actor): boolean {
  if (task.ownerRole === 'reporter' || mayBeSubject(pack, school, incident, actor)) return false;
  return actorRoles(pack, school, actor).includes(task.ownerRole);
}
