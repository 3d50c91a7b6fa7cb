/**
 * The full record's "What was decided and done" section: parents or carers told (the latest entry), each
 * sanction, each referral's details, LADO contact, reopenings and changes of type, as lines; and for a
 * lead, the buttons that open each form (only "Reopen" once the incident is closed).
 */
import { mayLead } from '../assignments/who-may';
import { type Incident, isOpen } from '../incidents/incident';
import { currentParentsDecision } from '../incidents/incident-decisions';
import { formatLondon, formatWallClock } from '../text/time-words';
import { METHOD_WORDS, TYPE_CHANGE_NOTE, agencyName } from './decision-form';
import type { CaseSection, CaseSectionAction, SectionBuilder } from './record-sections';

/** The section's id on the full record. */
export const DECISIONS_SECTION_ID = 'decisions';

function lines(deps: Parameters<SectionBuilder>[0], school: Parameters<SectionBuilder>[1], incident: Incident): CaseSection['lines'] {
  const out: CaseSection['lines'] = [];
  const parents = currentParentsDecision(incident);
  const earlier = (incident.parents?.length ?? 0) - 1;
  const more = earlier > 0 ? ` (${earlier} earlier ${earlier === 1 ? 'entry' : 'entries'} in the chronology)` : '';
  if (parents?.kind === 'informed') {
    out.push({
      text: `Parents or carers informed: ${METHOD_WORDS[parents.method].toLowerCase()}, on ${formatWallClock(parents.on)}, by ${parents.toldBy}${more}`,
      ...(parents.note && { detail: parents.note }),
    });
  } else if (parents?.kind === 'not-told') {
    out.push({ text: `Parents or carers not told: decided by ${parents.recordedBy.name} on ${formatLondon(parents.recordedAt)}${more}`, detail: parents.reason });
  }
  for (const s of incident.sanctions ?? []) {
    out.push({ text: `Sanction (${s.appliesTo}): ${s.categoryTitle}, on ${formatWallClock(s.on)}`, detail: [...s.actions, ...(s.other ? [s.other] : [])].join('; ') });
  }
  for (const r of incident.referrals) {
    if (!r.detailsAt) continue;
    const facts = [
      r.referredOn && `referred on ${formatWallClock(r.referredOn)}`,
      r.referenceNumber && `reference ${r.referenceNumber}`,
      r.followUpOn && `follow up on ${formatWallClock(r.followUpOn)}`,
    ].filter(Boolean);
    const words = [r.advice && `Advice: ${r.advice}`, r.outcome && `Outcome: ${r.outcome}`].filter(Boolean).join(' ');
    out.push({ text: `Referral to ${agencyName(deps.pack, school, r.agency)}: ${facts.join(', ')}`, ...(words && { detail: words }) });
  }
  for (const l of incident.ladoContacts ?? []) {
    out.push({ text: `LADO contact: ${l.officer}, on ${formatWallClock(l.on)}${l.referenceNumber ? `, reference ${l.referenceNumber}` : ''}`, detail: `Advice: ${l.advice}` });
  }
  for (const r of incident.reopenings ?? []) out.push({ text: `Reopened by ${r.recordedBy.name} on ${formatLondon(r.recordedAt)}`, detail: r.reason });
  for (const t of incident.typeChanges ?? []) {
    out.push({ text: `Type changed from ${t.from.procedureTitle} to ${t.to.procedureTitle} by ${t.recordedBy.name} on ${formatLondon(t.recordedAt)}`, detail: `${t.reason} ${TYPE_CHANGE_NOTE}` });
  }
  return out;
}

function actions(deps: Parameters<SectionBuilder>[0], school: Parameters<SectionBuilder>[1], incident: Incident): CaseSectionAction[] {
  if (!isOpen(incident)) return [{ action: 'decision-reopen', label: 'Reopen' }];
  const several = incident.referrals.length > 1;
  return [
    { action: 'decision-parents', label: 'Parents informed' },
    { action: 'decision-parents-not', label: 'Parents not told' },
    { action: 'decision-sanction', label: 'Sanction' },
    ...incident.referrals.map((r, i) => ({ action: 'decision-referral', label: several ? `Referral details: ${agencyName(deps.pack, school, r.agency)}` : 'Referral details', ref: String(i) })),
    { action: 'decision-lado', label: 'LADO contact' },
    { action: 'decision-type', label: 'Change type' },
  ];
}

/** The decisions section for a reader of the full record: lines for all, buttons for the incident's leads. */
export const decisionsSection: SectionBuilder = async (deps, school, incident, actor) => ({
  id: DECISIONS_SECTION_ID,
  heading: 'What was decided and done',
  lines: lines(deps, school, incident),
  emptyLine: 'Nothing recorded yet about parents or carers, sanctions, referral details or the LADO.',
  actions: mayLead(deps.pack, school, incident, actor) ? actions(deps, school, incident) : [],
});
