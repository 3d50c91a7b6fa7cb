/**
 * The full-record card: everything on the incident, for one permitted reader. Core has no view for it
 * yet, so this maps the `Incident` itself; pass `names` to show the school's own role and agency names.
 * Limits: Teams refuses a message over about 28 KB, so a very long chronology is shortened, and says so.
 */
import type { RecordNames } from '../../../core/incidents/record-names';
import type { Incident, ReferralAgency } from '../../../core/incidents/incident';
import type { FieldId, RoleKey } from '../../../core/policy/schema';
import { FIELD_IDS } from '../../../core/policy/schema';
import { DEFAULT_LABELS } from '../../../core/wizard/field-rules';
import { formatLondon, formatWallClock } from './format';


const ROLE_FALLBACK: Record<RoleKey | 'reporter', string> = {
  dsl: 'Designated Safeguarding Lead',
  'deputy-dsl': 'Deputy Designated Safeguarding Lead',
  'esafety-lead': 'Online-safety lead',
  head: 'Head teacher',
  'chair-of-governors': 'Chair of governors',
  'it-technician': 'IT technician',
  senco: 'SENCO',
  'trust-safeguarding-lead': 'Trust safeguarding lead',
  reporter: 'The person who reported it',
};

const AGENCY_FALLBACK: Record<ReferralAgency, string> = {
  police: 'Police',
  'childrens-social-care': "Children's social care",
  ceop: 'CEOP',
  iwf: 'Internet Watch Foundation',
  lado: 'LADO',
  prevent: 'Prevent',
};

const ACTION_WORDS: Record<string, string> = {
  reported: 'Reported',
  routed: 'Sent to the right people',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  note: 'Note added',
  referred: 'Referred',
  'not-referred': 'Decided not to refer',
  closed: 'Closed',
};

// Teams refuses a message over about 28 KB. The data's size plus the layout each item adds is a safe
// overestimate of the card's size (the data also holds flags and keys the card does not).
const CARD_BUDGET_BYTES = 26_000;
const LAYOUT_BYTES = 3_500;
const PER_ITEM_BYTES = 160;
const SHORT_TEXT = 280;
const SHORTENED = '… (shortened)';

function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

type Entry = { heading: string; detail: string; hasDetail: boolean };
type Slot = { get: () => string; set: (text: string) => void };

interface Fittable {
  details: unknown[];
  referrals: unknown[];
  tasks: unknown[];
  chronology: Entry[];
}

function cardCost(data: Fittable): number {
  const items = data.details.length + data.referrals.length + data.tasks.length + data.chronology.length;
  return bytes(data) + LAYOUT_BYTES + items * PER_ITEM_BYTES;
}

/**
 * Makes the record fit one Teams message, losing as little as possible: first the chronology's copies
 * of notes (referral notes, the decision and the outcome are shown in full above), then the oldest
 * chronology entries, and only then the longest of the other texts.
 */
function fit(data: Fittable, others: Slot[]): { shortened: number; dropped: number } {
  let shortened = 0;
  let dropped = 0;
  const done = new Set<Slot>();
  const shortenLongest = (slots: Slot[]): boolean => {
    const longest = slots.filter((s) => !done.has(s) && s.get().length > SHORT_TEXT).sort((a, b) => b.get().length - a.get().length)[0];
    if (!longest) return false;
    longest.set(`${Array.from(longest.get()).slice(0, SHORT_TEXT).join('').trimEnd()}${SHORTENED}`);
    done.add(longest);
    shortened++;
    return true;
  };
  const notes: Slot[] = data.chronology.map((e) => ({ get: () => e.detail, set: (t) => (e.detail = t) }));
  while (cardCost(data) > CARD_BUDGET_BYTES && shortenLongest(notes));
  while (cardCost(data) > CARD_BUDGET_BYTES && data.chronology.length > 1) {
    data.chronology.shift();
    dropped++;
  }
  while (cardCost(data) > CARD_BUDGET_BYTES && shortenLongest(others));
  return { shortened, dropped };
}

export function fullRecordCardData(incident: Incident, schoolName: string, names: Partial<RecordNames> = {}) {
  const role = (r: RoleKey | 'reporter') => names.roleTitle?.(r) ?? ROLE_FALLBACK[r] ?? r;
  const agency = (a: ReferralAgency) => names.agencyName?.(a) ?? AGENCY_FALLBACK[a] ?? a;
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  const fieldLabel = (id: FieldId) => DEFAULT_LABELS[id].replace(/[?:(].*$/, '').trim();

  const summary = [
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
  ].filter((f) => f.value);

  const details = FIELD_IDS.filter((id) => incident.details[id]?.trim()).map((id) => ({
    label: fieldLabel(id),
    value: id === 'when' ? formatWallClock(incident.details[id] ?? '') : (incident.details[id] ?? ''),
  }));
  const answers = Object.entries(incident.answers).map(([question, value]) => {
    const worded = names.answerLabel?.(question, value);
    return { label: worded?.question ?? humanize(question), value: worded?.answer ?? humanize(value) };
  });
  const referrals = incident.referrals.map((r) => ({
    heading: `${agency(r.agency)}: ${formatLondon(r.at)} by ${r.by.name}`,
    hasNote: Boolean(r.note),
    note: r.note ?? '',
  }));
  const tasks = incident.tasks.map((t) => ({
    text: t.text,
    meta: `${role(t.ownerRole)} · due ${formatLondon(t.due)} · ${t.done ? 'Done' : 'Not done yet'}`,
  }));
  const told = [incident.routing.destination.kind === 'dsl-channel' ? `${role('dsl')} and deputies` : role(incident.routing.destination.role), ...incident.routing.informRoles.map(role)];

  const data = {
    confidentialLine: 'Confidential: safeguarding record. Do not copy or forward.',
    title: `${incident.reference}: ${incident.procedureTitle}`,
    hasShortened: false,
    shortenedLine: '',
    summary,
    // Opaque ids only, for the "Back to summary" button.
    schoolId: incident.schoolId,
    incidentId: incident.id,
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
    hasDetails: details.length > 0,
    details,
    hasAnswers: answers.length > 0,
    answers,
    routingReason: incident.routing.reason,
    toldLine: `Told: ${told.join(', ')}.`,
    hasReferrals: referrals.length > 0,
    referrals,
    hasDecision: Boolean(incident.noReferralReason),
    decision: incident.noReferralReason ?? '',
    hasOutcome: Boolean(incident.outcome),
    outcome: incident.outcome ?? '',
    hasTasks: tasks.length > 0,
    tasks,
    chronology: [] as Entry[],
  };

  data.chronology = incident.chronology.map((c) => ({
    heading: `${formatLondon(c.at)} · ${ACTION_WORDS[c.action] ?? humanize(c.action)} by ${c.by.name}`,
    detail: c.detail ?? '',
    hasDetail: Boolean(c.detail),
  }));
  const others: Slot[] = [
    ...details.map((d) => ({ get: () => d.value, set: (t: string) => (d.value = t) })),
    ...referrals.map((r) => ({ get: () => r.note, set: (t: string) => (r.note = t) })),
    { get: () => data.decision, set: (t) => (data.decision = t) },
    { get: () => data.outcome, set: (t) => (data.outcome = t) },
  ];
  const { shortened, dropped } = fit(data, others);
  const notes = [
    shortened ? 'the longest texts are shortened' : '',
    dropped ? `the ${dropped} earliest chronology ${dropped === 1 ? 'entry is' : 'entries are'} not shown` : '',
  ].filter(Boolean);
  data.hasShortened = notes.length > 0;
  data.shortenedLine = notes.length ? `This record is too long to show in full in Teams: ${notes.join(' and ')}. The stored record is complete.` : '';
  return data;
}
