/**
 * The lists behind a home screen: a reporter's own reports (reference, procedure and status only) and the
 * open queue for the people who act on incidents (urgent first, then oldest). Both reads are audited.
 */
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { mayRead } from '../assignments/who-may';
import { describeEscalation, type EscalationView, STATUS_LABELS } from './escalation-view';
import type { Incident } from './incident';

/** One of a reporter's own reports as their list shows it: reference, type, status and when. */
export interface OwnReport {
  reference: string;
  title: string;
  status: string;
  reportedAt: string;
}

/** The most shown in one list: a home screen has room for this many and no more. */
export const LIST_LIMIT = 15;

/** The actor's own reports, newest first: nothing another person wrote and no details. */
export async function listOwnReports(deps: CoreDeps, actor: Actor): Promise<OwnReport[]> {
  const school = resolveSchool(deps.pack, actor);
  const mine = await deps.store.query<Incident>('incidents', {
    schoolId: school.id,
    where: [
      { field: 'reporter.platform', op: '=', value: actor.platform },
      { field: 'reporter.userId', op: '=', value: actor.userId },
    ],
    orderBy: { field: 'reportedAt', direction: 'desc' },
    limit: LIST_LIMIT,
  });
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incidents.list-own', outcome: 'ok', detail: `count=${mine.length}` });
  return mine.map((i) => ({ reference: i.reference, title: i.procedureTitle, status: STATUS_LABELS[i.status], reportedAt: i.reportedAt }));
}

/**
 * Open incidents this actor may act on, urgent and unacknowledged first, then oldest first. Returns
 * undefined for someone who holds none of the acting roles (they see only their own reports).
 */
export async function listOpenEscalations(deps: CoreDeps, actor: Actor): Promise<{ school: School; items: EscalationView[]; more: number } | undefined> {
  const school = resolveSchool(deps.pack, actor);
  const roles = rolesOf(actor, school);
  if (!roles.length) return undefined;
  const open = await deps.store.query<Incident>('incidents', {
    schoolId: school.id,
    where: [{ field: 'status', op: 'in', value: ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred'] }],
    orderBy: { field: 'reportedAt', direction: 'asc' },
  });
  // The same rule as the cards: leads and task holders, never anyone who may be the subject.
  const permitted = open.filter((i) => mayRead(deps.pack, school, i, actor));
  const waiting = (i: Incident) => (i.routing.urgent && i.status === 'reported' ? 0 : 1);
  const sorted = [...permitted].sort((a, b) => waiting(a) - waiting(b) || a.reportedAt.localeCompare(b.reportedAt));
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incidents.list-open', outcome: 'ok', detail: `count=${sorted.length}` });
  return { school, items: sorted.slice(0, LIST_LIMIT).map((i) => describeEscalation(deps.pack, school, i)), more: Math.max(0, sorted.length - LIST_LIMIT) };
}
