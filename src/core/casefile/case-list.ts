/**
 * `listCases`: the DSL's list of open cases, for anyone who may lead them (`mayLead`): those with
 * overdue tasks first (most overdue first), then urgent, then safeguarding, then the rest, oldest first
 * within each. It may be narrowed to one pupil (through the pupil's links) or to a type of incident.
 * One school's partition only; the list is audited with a count. It names pupils only when asked to
 * narrow by one, so it is shown only in a 1:1 chat or privately.
 */
import { mayLead } from '../assignments/who-may';
import { taskStatus } from '../assignments/incident-task';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import type { Incident } from '../incidents/incident';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { findPupils, foldForSearch } from '../pupils/find-pupils';
import type { PupilLink } from '../pupils/pupil-link';
import { TRANSFER_ROLES, type Transfer } from './transfer-record';

/** The statuses of a case that is still open. */
const OPEN = ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred'];

/** The most cases one list shows; the rest are counted. */
export const CASE_LIST_LIMIT = 20;

/** How to narrow the list: part of a pupil's name, and/or a type (a procedure id or words of its title). */
export interface CaseFilter {
  pupilText?: string;
  type?: string;
}

/** One open case on the list, as facts (the view words them). */
export interface CaseLine {
  incident: Incident;
  overdue: number;
  rank: number;
}

/** The list: the school, the cases shown, how many more there are, what it was narrowed by, and the types there are to choose from. */
export interface CaseList {
  school: School;
  lines: CaseLine[];
  more: number;
  filter: { pupils?: string[]; type?: { id: string; title: string }; unknownType?: string };
  types: Array<{ id: string; title: string; count: number }>;
  /** For the DSL and deputies: children's files handed on whose receipt is still awaited, soonest deadline first (the five-school-day task). */
  transfers: Array<Pick<Transfer, 'ref' | 'toSchool' | 'deadline'>>;
  now: Date;
}

/** The words after `cases`: `pupil <name>`, or type words, or nothing. */
export function readCaseFilter(text: string): CaseFilter {
  const line = text.slice(0, 200).trim();
  const pupil = /^pupil\s+(.+)$/i.exec(line);
  if (pupil) return { pupilText: pupil[1]?.trim() };
  return line ? { type: line } : {};
}

function overdueCount(incident: Incident, now: Date): number {
  return incident.tasks.filter((t) => taskStatus(t) === 'open' && Date.parse(t.due) < now.getTime()).length;
}

function priorityRank(incident: Incident): number {
  if (incident.routing.urgent || incident.routing.priority === 'urgent') return 0;
  return incident.routing.safeguarding ? 1 : 2;
}

async function pupilIncidents(deps: CoreDeps, school: School, text: string): Promise<{ names: string[]; incidentIds: Set<string> }> {
  const matches = await findPupils(deps, school.id, text, 10);
  const incidentIds = new Set<string>();
  if (matches.length) {
    const links = await deps.store.query<PupilLink>('links', { schoolId: school.id, where: [{ field: 'pupilId', op: 'in', value: matches.map((m) => m.id) }] });
    for (const l of links) if (!l.removedAt) incidentIds.add(l.incidentId);
  }
  return { names: matches.map((m) => m.displayName), incidentIds };
}

/** The open cases the actor may lead, sorted and narrowed as asked; audited with the count. */
export async function listCases(deps: CoreDeps, actor: Actor, filter: CaseFilter = {}): Promise<CaseList> {
  const school = resolveSchool(deps.pack, actor);
  const now = deps.clock.now();
  const open = await deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'status', op: 'in', value: OPEN }] });
  let led = open.filter((i) => mayLead(deps.pack, school, i, actor));
  const types = [...new Map(led.map((i) => [i.procedureId, { id: i.procedureId, title: i.procedureTitle, count: led.filter((x) => x.procedureId === i.procedureId).length }])).values()].sort((a, b) =>
    a.title.localeCompare(b.title),
  );
  const shown: CaseList['filter'] = {};
  if (filter.type) {
    const words = foldForSearch(filter.type);
    const type = types.find((t) => t.id === filter.type) ?? types.find((t) => foldForSearch(t.title).includes(words) || foldForSearch(t.id.replace(/-/g, ' ')).includes(words));
    if (type) shown.type = { id: type.id, title: type.title };
    else shown.unknownType = filter.type.slice(0, 60);
    led = type ? led.filter((i) => i.procedureId === type.id) : [];
  }
  if (filter.pupilText) {
    const found = await pupilIncidents(deps, school, filter.pupilText);
    shown.pupils = found.names;
    led = led.filter((i) => found.incidentIds.has(i.id));
  }
  const lines = led
    .map((incident) => ({ incident, overdue: overdueCount(incident, now), rank: priorityRank(incident) }))
    .sort((a, b) => Number(b.overdue > 0) - Number(a.overdue > 0) || b.overdue - a.overdue || a.rank - b.rank || a.incident.reportedAt.localeCompare(b.incident.reportedAt));
  await recordAudit(deps, {
    schoolId: school.id,
    actor: actorRef(actor),
    action: 'incidents.list-cases',
    outcome: 'ok',
    detail: `count=${lines.length}${filter.pupilText ? ' pupil' : ''}${shown.type ? ` type=${shown.type.id}` : ''}`,
  });
  const handsOn = rolesOf(actor, school).some((r) => TRANSFER_ROLES.includes(r)) && !filter.pupilText && !filter.type;
  const transfers = handsOn ? await deps.store.query<Transfer>('transfers', { schoolId: school.id, where: [{ field: 'status', op: '=', value: 'awaiting-receipt' }] }) : [];
  return {
    school,
    lines: lines.slice(0, CASE_LIST_LIMIT),
    more: Math.max(0, lines.length - CASE_LIST_LIMIT),
    filter: shown,
    types,
    transfers: transfers.map((t) => ({ ref: t.ref, toSchool: t.toSchool, deadline: t.deadline })).sort((a, b) => a.deadline.localeCompare(b.deadline)),
    now,
  };
}
