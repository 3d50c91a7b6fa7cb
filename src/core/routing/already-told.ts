import type { PersonIdentity, RoleKey, School } from '../policy/schema';
import type { Routing } from './route-incident';

/** The roles whose holders receive the escalation itself. */
export function destinationRoles(routing: Pick<Routing, 'destination'>): RoleKey[] {
  return routing.destination.kind === 'dsl-channel' ? ['dsl', 'deputy-dsl'] : [routing.destination.role];
}

/**
 * True when a person told "for information" already gets the escalation itself (in a small school the
 * DSL is often the online-safety lead too): they are not sent a second, emptier message.
 */
export function getsEscalationAnyway(school: School, routing: Pick<Routing, 'destination'>, person: PersonIdentity): boolean {
  const same = (h: PersonIdentity) => (h.email && h.email === person.email) || (h.teamsUserId && h.teamsUserId === person.teamsUserId) || (h.slackUserId && h.slackUserId === person.slackUserId);
  return destinationRoles(routing).some((r) => school.roles[r]?.holders.some(same));
}
