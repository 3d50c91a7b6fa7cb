/**
 * The governors' report for a date range: the summary the online-safety lead presents to governors, and
 * the incident log as CSV. References, types, dates, outcomes and what was decided (parents told or not,
 * sanction categories, LADO contacts, reopenings, type changes) as categories and counts only: no pupil
 * names and nothing anyone wrote; then the Filtering and monitoring section (`governors-filtering.ts`). For the
 * head, the online-safety lead, the chair of governors, the online safety governor and the senior leader for
 * filtering and monitoring; audited.
 */
import { recordAudit } from '../audit/audit-log';
import { csvLine } from '../text/csv';
import { plural } from '../text/plural';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { InvalidInputError, NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { type Actor, actorRef, roleTitle, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { RoleKey } from '../policy/schema';
import { currentParentsDecision } from '../incidents/incident-decisions';
import { countDecisions, decisionLines } from './decision-counts';
import { filteringMonitoringLines } from './governors-filtering';

/** The roles that may read the governors' report. */
export const GOVERNOR_REPORT_READERS: RoleKey[] = ['head', 'esafety-lead', 'chair-of-governors', 'online-safety-governor', 'filtering-lead'];

/** The governors' report: its lines in words, and the incident log for the period as CSV (references, types and dates; no pupils' details). */
export interface GovernorsReport {
  title: string;
  lines: string[];
  /** Further sections, each with its heading: "Filtering and monitoring" (counts only). */
  sections: Array<{ heading: string; lines: string[] }>;
  csv: string;
}

/** The governors' report for the actor's school between two dates (YYYY-MM-DD, inclusive) for the head, the online-safety lead, the chair of governors, the online safety governor and the senior leader for filtering and monitoring; audited, others refused. */
export async function readGovernorsReport(deps: CoreDeps, actor: Actor, from: string, to: string): Promise<GovernorsReport> {
  const school = resolveSchool(deps.pack, actor);
  const allowed = rolesOf(actor, school).some((r) => GOVERNOR_REPORT_READERS.includes(r));
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'report.governors', outcome: allowed ? 'ok' : 'refused', detail: `${from}..${to}` });
  if (!allowed)
    throw new NotPermittedError(
      `see the governors' report (the ${roleTitle(school, 'head')}, the ${roleTitle(school, 'esafety-lead')}, the ${roleTitle(school, 'chair-of-governors')} and the ${roleTitle(school, 'online-safety-governor')} can)`,
    );
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(from) || !date.test(to) || from > to) throw new InvalidInputError({ range: 'Give two dates, earliest first, like 2025-09-01 2026-08-31.' });
  const all = await deps.store.query<Incident>('incidents', {
    schoolId: school.id,
    where: [{ field: 'reportedAt', op: '>=', value: `${from}T00:00:00.000Z` }],
    orderBy: { field: 'reportedAt', direction: 'asc' },
  });
  const inRange = all.filter((i) => {
    const d = localTime(new Date(i.reportedAt), school.timeZone).date;
    return d >= from && d <= to;
  });
  const count = (pick: (i: Incident) => string) => {
    const m = new Map<string, number>();
    for (const i of inRange) m.set(pick(i), (m.get(pick(i)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const referred = inRange.filter((i) => i.referrals.length).length;
  const lines = [
    `${plural(inRange.length, 'incident')} from ${from} to ${to}: ${inRange.filter((i) => i.routing.safeguarding).length} safeguarding, ${inRange.filter((i) => i.routing.urgent).length} urgent.`,
    ...count((i) => i.procedureTitle).map(([t, n]) => `${t}: ${n}`),
    `Referred to an outside agency: ${referred}. Decided not to refer: ${inRange.filter((i) => i.status === 'not-referred' || i.noReferralReason).length}. Still open: ${inRange.filter((i) => i.status !== 'closed').length}.`,
    ...count((i) => i.referrals.map((r) => r.agency).join('+') || 'none')
      .filter(([k]) => k !== 'none')
      .map(([k, n]) => `Referred to ${k}: ${n}`),
    // Everything decided about these incidents, whenever it was recorded (the decision about parents that stands on each).
    ...decisionLines(countDecisions(inRange, () => true)).map((line) => `What was decided and done: ${line}`),
  ];
  const rows = inRange.map((i) =>
    csvLine([
      i.reference,
      localTime(new Date(i.reportedAt), school.timeZone).date,
      i.procedureTitle,
      i.routing.safeguarding ? 'yes' : 'no',
      i.routing.urgent ? 'yes' : 'no',
      i.status,
      i.referrals.map((r) => r.agency).join(' '),
      i.closedAt ? localTime(new Date(i.closedAt), school.timeZone).date : '',
      currentParentsDecision(i)?.kind ?? '',
      (i.sanctions ?? []).map((x) => `${x.appliesTo}-${x.category}`).join(' '),
      String((i.ladoContacts ?? []).length),
      String((i.reopenings ?? []).length),
      String((i.typeChanges ?? []).length),
    ]),
  );
  return {
    title: `Online safety report for governors: ${school.name}`,
    lines,
    sections: [{ heading: 'Filtering and monitoring', lines: await filteringMonitoringLines(deps, school, from, to) }],
    csv: `${['reference,reported,type,safeguarding,urgent,status,referred_to,closed,parents,sanctions,lado_contacts,reopened,type_changes', ...rows].join('\n')}\n`,
  };
}
