/** The monitoring alert card's template data, from core's view: category, severity, time and reference only. */
import type { AlertCardView } from '../../../core/monitoring/alert-card-view';
import type { MentionTarget } from './escalation-data';

/** The most cases the compact choice on the Teams card lists (the rest are typed by reference). */
export const TEAMS_KNOWN_CASES = 50;

/** View → `cards/alert-triage` data; `mentions` are @mentioned (a severe alert out of hours). */
export function alertTriageCardData(view: AlertCardView, schoolId: string, mentions: MentionTarget[] = []) {
  const known = (view.knownCases ?? []).slice(0, TEAMS_KNOWN_CASES).map((c) => ({ id: c.id, label: c.label }));
  const entities = mentions.map((p) => ({ type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } }));
  return {
    title: view.title,
    urgent: view.urgent,
    schoolId,
    mentions: entities,
    mentionText: entities.map((m) => m.text).join(' '),
    lines: view.lines,
    rows: view.rows.map((r, i) => ({ row: String(i), alertRef: r.alertRef, heading: r.heading, time: r.time, reference: r.reference, outcome: r.outcome ?? '' })),
    more: view.more,
    moreText: `And ${view.more} more: they come back on the next reminder.`,
    hasKnownCases: known.length > 0,
    knownCases: known,
    caseTextLabel: known.length ? 'Or type the reference of a case not listed (e.g. ES-2026-0003)' : 'The case it is known under (its reference, e.g. ES-2026-0003)',
  };
}
