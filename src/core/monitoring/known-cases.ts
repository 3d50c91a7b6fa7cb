/**
 * The cases "Already known" offers on an alert card: the school's open cases the safeguarding team
 * leads, newest first, each as "ES-2026-0007 · Online bullying of a pupil · 3 Nov" (reference, type and
 * date; never a name or a description: the card may be in a channel). A case whose routing keeps any of
 * the safeguarding team out (a concern about the DSL goes to the head) is never offered, nor linked by
 * a typed reference. Concerns about adults the DSL leads one-to-one are left out too: the product keeps
 * them out of the channel, and the list is drawn on the channel card. They can still be linked by
 * typing their reference.
 */
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import type { CoreDeps } from '../deps';
import type { Incident } from '../incidents/incident';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import type { School } from '../policy/schema';

/** The most cases a card offers (Slack's static_select takes 100 options; Teams shows fewer, see its card). */
export const MAX_KNOWN_CASES = 100;

/** One case on the list: its opaque id (the choice's value) and its words. */
export interface KnownCase {
  id: string;
  label: string;
}

/** True when the case's routing keeps none of the safeguarding team out (pure): only then may they link an alert to it. */
export function teamMaySee(deps: Pick<CoreDeps, 'pack'>, school: School, incident: Pick<Incident, 'schoolId' | 'routing'>): boolean {
  if (incident.schoolId !== school.id) return false;
  const plan = incident.routing;
  if ((plan.excludedRoles ?? []).some((r) => SAFEGUARDING_TEAM.includes(r))) return false;
  const excluded = new Set(plan.excludedPeople ?? []);
  return !SAFEGUARDING_TEAM.some((r) => roleHolders(deps.pack, school, r).some((h) => excluded.has(personKey(h))));
}

/** True when the case may be offered on the list (pure): open, routed to the safeguarding channel, nobody in the team kept out. */
export function listedCase(deps: Pick<CoreDeps, 'pack'>, school: School, incident: Incident): boolean {
  return incident.status !== 'closed' && incident.routing.destination.kind === 'dsl-channel' && teamMaySee(deps, school, incident);
}

/** The longest label (Slack's option text takes 75 characters): the type is shortened, never the reference or date. */
export const MAX_CASE_LABEL = 75;

/** A case's words on the list (pure): reference, type and the day it was reported. */
export function knownCaseLabel(incident: Pick<Incident, 'reference' | 'procedureTitle' | 'reportedAt'>, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(new Date(incident.reportedAt));
  const room = MAX_CASE_LABEL - `${incident.reference} ·  · ${day}`.length;
  const title = incident.procedureTitle.length <= room ? incident.procedureTitle : `${incident.procedureTitle.slice(0, Math.max(0, room - 1)).trimEnd()}…`;
  return `${incident.reference} · ${title} · ${day}`;
}

/** The school's cases an alert may be linked to from the list, newest first, at most `MAX_KNOWN_CASES`. One single-partition query. */
export async function knownCases(deps: Pick<CoreDeps, 'pack' | 'store'>, school: School): Promise<KnownCase[]> {
  const open = await deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'status', op: '!=', value: 'closed' }], orderBy: { field: 'reportedAt', direction: 'desc' } });
  return open
    .filter((i) => listedCase(deps, school, i))
    .slice(0, MAX_KNOWN_CASES)
    .map((i) => ({ id: i.id, label: knownCaseLabel(i, school.timeZone) }));
}
