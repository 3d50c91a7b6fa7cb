/**
 * What was decided and done, counted for the weekly digest and the governors' report: parents or carers
 * informed or not told (the decision that stands on each incident), sanctions by who and category,
 * referrals by agency, LADO contacts, reopenings and changes of type. Counts only: never a name, a
 * reason or anything anyone wrote.
 */
import { currentParentsDecision } from '../incidents/incident-decisions';
import type { Incident } from '../incidents/incident';
import { AGENCY_FALLBACK } from '../incidents/incident-words';
import { plural } from '../text/plural';

/** The counts; each list is sorted, largest first. */
export interface DecisionCounts {
  /** Incidents whose standing decision about parents or carers is that they were told. */
  parentsInformed: number;
  /** Incidents whose standing decision is not to tell them. */
  parentsNotTold: number;
  sanctions: Array<{ appliesTo: 'pupil' | 'staff'; category: string; count: number }>;
  referrals: Array<{ agency: string; count: number }>;
  ladoContacts: number;
  reopened: number;
  typeChanges: number;
}

/** Counts the decisions among `incidents` whose time (when recorded; a referral's when made) `counts`. Pure. */
export function countDecisions(incidents: Incident[], counts: (iso: string) => boolean): DecisionCounts {
  let parentsInformed = 0;
  let parentsNotTold = 0;
  const sanctions = new Map<string, { appliesTo: 'pupil' | 'staff'; category: string; count: number }>();
  const referrals = new Map<string, number>();
  let ladoContacts = 0;
  let reopened = 0;
  let typeChanges = 0;
  for (const i of incidents) {
    const parents = currentParentsDecision(i);
    if (parents && counts(parents.recordedAt)) {
      if (parents.kind === 'informed') parentsInformed++;
      else parentsNotTold++;
    }
    for (const s of i.sanctions ?? []) {
      if (!counts(s.recordedAt)) continue;
      const key = `${s.appliesTo}:${s.category}`;
      const entry = sanctions.get(key) ?? { appliesTo: s.appliesTo, category: s.category, count: 0 };
      entry.count++;
      sanctions.set(key, entry);
    }
    for (const r of i.referrals) {
      if (counts(r.at)) referrals.set(AGENCY_FALLBACK[r.agency] ?? r.agency, (referrals.get(AGENCY_FALLBACK[r.agency] ?? r.agency) ?? 0) + 1);
    }
    ladoContacts += (i.ladoContacts ?? []).filter((l) => counts(l.recordedAt)).length;
    reopened += (i.reopenings ?? []).filter((r) => counts(r.recordedAt)).length;
    typeChanges += (i.typeChanges ?? []).filter((t) => counts(t.recordedAt)).length;
  }
  return {
    parentsInformed,
    parentsNotTold,
    sanctions: [...sanctions.values()].sort((a, b) => (a.appliesTo === b.appliesTo ? a.category.localeCompare(b.category) : a.appliesTo === 'pupil' ? -1 : 1)),
    referrals: [...referrals.entries()].map(([agency, count]) => ({ agency, count })).sort((a, b) => b.count - a.count || a.agency.localeCompare(b.agency)),
    ladoContacts,
    reopened,
    typeChanges,
  };
}

/** True when nothing was counted. */
export function nothingDecided(c: DecisionCounts): boolean {
  return !c.parentsInformed && !c.parentsNotTold && !c.sanctions.length && !c.referrals.length && !c.ladoContacts && !c.reopened && !c.typeChanges;
}

/** The counts as short lines a head or a governor reads; empty when nothing was counted. */
export function decisionLines(c: DecisionCounts): string[] {
  const lines: string[] = [];
  if (c.parentsInformed || c.parentsNotTold) lines.push(`Parents or carers informed: ${c.parentsInformed}; decided not to tell them: ${c.parentsNotTold}.`);
  if (c.sanctions.length) lines.push(`Sanctions: ${c.sanctions.map((s) => `${s.appliesTo} category ${s.category}: ${s.count}`).join(', ')}.`);
  if (c.referrals.length) lines.push(`Referrals: ${c.referrals.map((r) => `${r.agency} ${r.count}`).join(', ')}.`);
  if (c.ladoContacts) lines.push(`${plural(c.ladoContacts, 'contact')} with the LADO.`);
  if (c.reopened) lines.push(`${plural(c.reopened, 'incident')} reopened.`);
  if (c.typeChanges) lines.push(`${plural(c.typeChanges, 'change')} of incident type.`);
  return lines;
}
