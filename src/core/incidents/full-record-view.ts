/**
 * The whole incident in words, for one permitted reader (the read is audited by `readFullRecord`).
 * Pass `names` to use the school's own role and agency names. Platforms lay it out and, where a
 * message has a size limit, shorten it and say so.
 */
import { FIELD_IDS, type FieldId, type RoleKey } from '../policy/schema';
import { formatLondon, formatWallClock } from '../text/time-words';
import { DEFAULT_LABELS } from '../wizard/field-rules';
import type { Incident, ReferralAgency } from './incident';
import { taskStatus } from '../assignments/incident-task';
import type { PersonDelivery } from '../assignments/delivery-report';
import { AGENCY_FALLBACK, CHRONOLOGY_WORDS, CONFIDENTIAL_LINE, humanize } from './incident-words';
import { ROLE_FALLBACK } from '../people/role-titles';
import type { RecordNames } from './record-names';

/** The whole incident in words for a permitted reader, section by section. */
export interface FullRecordView {
  confidentialLine: string;
  title: string;
  schoolId: string;
  incidentId: string;
  summary: Array<{ title: string; value: string }>;
  details: Array<{ label: string; value: string }>;
  answers: Array<{ label: string; value: string }>;
  routingReason: string;
  toldLine: string;
  referrals: Array<{ heading: string; hasNote: boolean; note: string }>;
  decision: string;
  outcome: string;
  tasks: Array<{ text: string; meta: string }>;
  chronology: Array<{ heading: string; detail: string; hasDetail: boolean }>;
  headings: Record<'details' | 'answers' | 'routing' | 'referrals' | 'decision' | 'outcome' | 'tasks' | 'chronology', string>;
}

const DELIVERY_WORDS: Record<PersonDelivery['state'], string> = { delivered: 'reached', trying: 'still trying', unreachable: 'NOT reached' };

/** `deliveries`: who the plan's messages actually reached, when the caller has read them. */
export function describeFullRecord(incident: Incident, schoolName: string, names: Partial<RecordNames> = {}, deliveries?: PersonDelivery[]): FullRecordView {
  const role = (r: RoleKey | 'reporter') => names.roleTitle?.(r) ?? ROLE_FALLBACK[r] ?? r;
  const agency = (a: ReferralAgency) => names.agencyName?.(a) ?? AGENCY_FALLBACK[a] ?? a;
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  const fieldLabel = (id: FieldId) => DEFAULT_LABELS[id].replace(/[?:(].*$/, '').trim();
  const job = (part: string) => (part === 'lead' ? 'leads it' : part === 'task' ? 'has tasks' : 'for information');
  const told = deliveries
    ? deliveries.map((d) => `${d.who} (${job(d.part)}): ${DELIVERY_WORDS[d.state]}${d.how === 'channel' ? ' in the safeguarding channel' : ''}`)
    : (incident.routing.people ?? []).map((p) => `${p.name}, ${p.roles.map(role).join(' and ')} (${job(p.part)})`);
  return {
    confidentialLine: CONFIDENTIAL_LINE,
    title: `${incident.reference}: ${incident.procedureTitle}`,
    schoolId: incident.schoolId,
    incidentId: incident.id,
    summary: [
      { title: 'Reference', value: incident.reference },
      { title: 'Type', value: incident.procedureTitle },
      { title: 'School', value: schoolName },
      { title: 'Reported', value: `${formatLondon(incident.reportedAt)} by ${incident.reporter.name}` },
      { title: 'Status', value: humanize(incident.status) },
      { title: 'Urgent', value: yesNo(incident.routing.urgent) },
      { title: 'Safeguarding concern', value: yesNo(incident.routing.safeguarding) },
      { title: 'Child in immediate danger', value: yesNo(incident.immediateRisk) },
      { title: 'Owner', value: incident.owner?.name ?? 'Nobody yet' },
      { title: 'Acknowledged', value: incident.acknowledgedAt ? formatLondon(incident.acknowledgedAt) : 'Not yet' },
      { title: 'Closed', value: incident.closedAt ? formatLondon(incident.closedAt) : '' },
      { title: 'Policy version', value: incident.packVersion },
    ].filter((f) => f.value),
    details: FIELD_IDS.filter((id) => incident.details[id]?.trim()).map((id) => ({
      label: fieldLabel(id),
      value: id === 'when' ? formatWallClock(incident.details[id] ?? '') : (incident.details[id] ?? ''),
    })),
    answers: Object.entries(incident.answers).map(([question, value]) => {
      const worded = names.answerLabel?.(question, value);
      return { label: worded?.question ?? humanize(question), value: worded?.answer ?? humanize(value) };
    }),
    routingReason: incident.routing.reason,
    toldLine: `${deliveries ? 'Told' : 'Going to'}: ${told.join('; ') || 'nobody'}.`,
    referrals: incident.referrals.map((r) => ({ heading: `${agency(r.agency)}: ${formatLondon(r.at)} by ${r.by.name}`, hasNote: Boolean(r.note), note: r.note ?? '' })),
    decision: incident.noReferralReason ?? '',
    outcome: incident.outcome ?? '',
    tasks: incident.tasks.map((t) => {
      const status = taskStatus(t);
      const owner = `${role(t.ownerRole)}${t.ownerName ? ` (${t.ownerName})` : ''}${t.namedRole ? `, standing in for the ${role(t.namedRole)}` : ''}`;
      const state =
        status === 'open'
          ? 'Open'
          : `${status === 'done' ? 'Done' : 'Not needed'}${t.closedBy ? ` by ${t.closedBy.name}` : ''}${t.closedAt ? ` ${formatLondon(t.closedAt)}` : ''}${t.reason ? `: ${t.reason}` : ''}`;
      return { text: t.text, meta: `${owner} · due ${formatLondon(t.due)} · ${state}` };
    }),
    chronology: incident.chronology.map((c) => ({
      heading: `${formatLondon(c.at)} · ${CHRONOLOGY_WORDS[c.action] ?? humanize(c.action)} by ${c.by.name}`,
      detail: c.detail ?? '',
      hasDetail: Boolean(c.detail),
    })),
    headings: {
      details: 'What was reported',
      answers: 'Answers given when reporting',
      routing: 'Who it went to, and why',
      referrals: 'Referrals',
      decision: 'Decision not to refer',
      outcome: 'Outcome',
      tasks: 'Follow-up tasks',
      chronology: 'Chronology',
    },
  };
}
