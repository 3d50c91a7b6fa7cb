/** Hand-built core views and helpers for the Teams card tests: the views as core would describe them. */
import { REVIEW_OPEN_ACTION, REVIEW_SAVE_ACTION } from '../../src/core/filtering/review-form-view';
import { ALERT_ACTIONS } from '../../src/core/monitoring/alert-card-view';
import { FILTERING_ACTIONS } from '../../src/core/filtering/filtering-view';
import { CASE_ACTIONS } from '../../src/core/casefile/case-actions';
import type { EscalationView } from '../../src/core/incidents/escalation-view';
import type { Incident } from '../../src/core/incidents/incident';
import type { WizardView } from '../../src/core/wizard/wizard-view';
import { ESCALATION_ACTIONS, SHOW_SUMMARY, WIZARD_ACTIONS } from '../../src/core/incidents/escalation-actions';
import { TASK_ACTIONS } from '../../src/core/incidents/update-task';
import type { AssignmentView, TaskItem } from '../../src/core/incidents/task-view';
import type { DeliveryReportView } from '../../src/core/delivery/delivery-report-view';

// The package's `lib` build is extension-less ESM that Node cannot load; `dist` is the same code as UMD.
export const AC: typeof import('adaptivecards') = require('adaptivecards/dist/adaptivecards.js');

export const REF = { schoolId: 'oakfield-primary', wizardId: 'wiz-7f3a9c' };
export const PUPIL_TEXT = 'J.S. said a man called Dave asked for photos';

const base = { wizardId: REF.wizardId, revision: 4, canGoBack: false, errors: {}, intro: [] as string[] };

export const views = {
  triage: {
    ...base,
    step: 'triage',
    title: 'What happened?',
    intro: ['Choose the closest match. If none fits, choose "Not sure" and answer a few short questions.'],
    dangerChoice: { value: 'danger-now', label: 'A child is in danger right now' },
    choices: [
      { value: 'danger-now', label: 'A child is in danger right now' },
      { value: 'online-bullying-of-pupil', label: 'A pupil is being bullied online' },
      { value: 'inappropriate-site-unintentional', label: 'A pupil opened an unsuitable website by accident' },
      { value: 'inappropriate-site-deliberate', label: 'A pupil looked for unsuitable content on purpose' },
      { value: 'youth-produced-sexual-imagery', label: 'Nude or sexual pictures shared by pupils' },
      { value: 'grooming-inappropriate-contact', label: 'Someone is contacting a pupil online in a way that worries me' },
      { value: 'malicious-comments-online', label: 'Hurtful comments about the school or staff online' },
      { value: 'not-sure', label: 'Not sure' },
    ],
  },
  question: {
    ...base,
    step: 'question',
    canGoBack: true,
    title: 'Has the pupil arranged to meet this person, or been asked to?',
    choices: [
      { value: 'yes', label: 'Yes' },
      { value: 'no', label: 'No' },
    ],
    errors: { choice: 'Please choose one of the answers.' },
  },
  urgentAction: {
    ...base,
    step: 'urgent-action',
    canGoBack: true,
    title: 'Do this first',
    urgent: {
      heading: 'A child may be in danger: act now, then report',
      lines: ['Call 999 now if a child is in immediate danger. Do not wait to finish this report.', 'Tell the Designated Safeguarding Lead (Alex Wilber) in person or by phone straight away.'],
    },
    nextLabel: 'The child is safe for now: continue the report',
  },
  guidance: {
    ...base,
    step: 'guidance',
    canGoBack: true,
    title: 'Worrying online contact: what to do now',
    guidance: {
      do: ['Let the pupil talk. Write down what they say in their own words.', 'Tell them they have done the right thing.'],
      dont: ["Don't promise to keep it a secret.", "Don't look through the pupil's phone yourself."],
    },
    nextLabel: 'I understand: next',
  },
  details: {
    ...base,
    step: 'details',
    canGoBack: true,
    title: 'The details',
    intro: ['Write what you saw or were told, in your own words. Keep to the facts.'],
    fields: [
      { id: 'when', label: 'When did it happen?', required: true, value: '2026-11-23T14:05', kind: 'date-time', maxLength: 40, error: 'That date is in the future. Please check it.' },
      { id: 'pupils', label: 'Pupils involved (initials only, e.g. J.S.)', required: true, value: 'J.S.', kind: 'text', maxLength: 300 },
      { id: 'url', label: 'Website address, app or platform', required: false, value: '', kind: 'text', maxLength: 2000, help: 'Type it; do not visit it again.' },
      { id: 'description', label: 'What happened?', required: true, value: PUPIL_TEXT, kind: 'multiline', maxLength: 4000 },
    ],
    noUploadsReason: 'Looking at, copying or sending an indecent image of a child is a crime, even when reporting it.',
    nextLabel: 'Next',
    errors: { when: 'That date is in the future. Please check it.' },
  },
  checklist: {
    ...base,
    step: 'checklist',
    canGoBack: true,
    title: 'Your next steps',
    intro: ['These are yours to do. The people named will take the rest.'],
    checklist: [
      { by: 'You', text: 'Send this report now.' },
      { by: 'You', text: 'Tell the DSL in person as well if you can.' },
    ],
    nextLabel: 'I will do these: next',
  },
  review: {
    ...base,
    step: 'review',
    canGoBack: true,
    title: 'Check and send',
    intro: ['Report: Worrying online contact', 'This will be sent as URGENT.'],
    review: [
      { label: 'When did it happen', value: '2026-11-23T14:05' },
      { label: 'What happened', value: PUPIL_TEXT },
    ],
    plan: [
      { who: 'Alex Wilber, Designated Safeguarding Lead', job: 'leads it, 1 task' },
      { who: 'Sam Reid, Network Manager', job: '1 task' },
    ],
    submitLabel: 'Send report',
  },
} satisfies Record<string, WizardView>;

export const escalation: EscalationView = {
  incidentId: 'inc-wiz-7f3a9c',
  schoolId: 'oakfield-primary',
  reference: 'ES-2026-0042',
  title: 'Worrying online contact with a pupil (possible grooming)',
  schoolName: 'Oakfield Primary School',
  urgent: true,
  safeguarding: true,
  status: 'New: not yet acknowledged',
  closed: false,
  owner: 'Nobody yet',
  lastAction: 'Sent to the right people by eSafety bot',
  reportedAt: '2026-11-23T14:12:00.000Z',
  reportedBy: 'Sam Jones',
  audience: 'Designated Safeguarding Lead and deputies',
  actions: [...ESCALATION_ACTIONS],
  assignees: [
    { value: 'alexw@example.com', label: 'Alex Wilber' },
    { value: 'meganb@example.com', label: 'Megan Bowen' },
  ],
  agencies: [
    { value: 'police', label: 'Police (non-emergency)' },
    { value: 'ceop', label: 'CEOP Safety Centre (National Crime Agency)' },
  ],
  tasks: [],
};

/** Two tasks as core describes them: one open and overdue, one done. */
export const taskItems: TaskItem[] = [
  { taskId: 'step-3', text: 'Block the site and check the filter is set correctly.', meta: 'Network Manager · due Mon 23 Nov 2026, 16:30 · OVERDUE', open: true, overdue: true, closedLine: '' },
  {
    taskId: 'step-4',
    text: 'Tell the filtering provider if the filter should have caught it.',
    meta: 'Network Manager · due Mon 23 Nov 2026, 16:30 · Done',
    open: false,
    overdue: false,
    closedLine: 'Done by Sam Reid, Mon 23 Nov 2026, 15:10',
  },
];

export const escalationWithTasks: EscalationView = { ...escalation, tasks: taskItems };

export const assignment: AssignmentView = {
  incidentId: 'inc-wiz-7f3a9c',
  schoolId: 'oakfield-primary',
  reference: 'ES-2026-0042',
  title: 'Unsuitable website opened by accident',
  heading: 'Your tasks for ES-2026-0042',
  kind: 'Online-safety incident',
  urgent: false,
  priority: 'Routine',
  lead: 'Online Safety Co-ordinator',
  lines: [
    'Online-safety incident at Oakfield Primary School, led by the Online Safety Co-ordinator. These are yours to do.',
    "Pupils' names and what was written are only in the full record. Opening it is recorded.",
  ],
  tasks: taskItems,
  closed: false,
};

export const deliveryReport: DeliveryReportView = {
  reference: 'ES-2026-0042',
  title: 'Who has been told about ES-2026-0042',
  reached: ['Alex Wilber, Online Safety Co-ordinator (to lead it)'],
  trying: [],
  notReached: ['Sam Reid, Network Manager (a task): they have not opened a chat with the bot in Teams yet'],
  advice: ['Please tell Sam Reid yourself, in person or by phone, and quote ES-2026-0042: the bot could not give them their part.'],
};

const sam = { platform: 'teams' as const, userId: '29:sam', name: 'Sam Jones' };
const alex = { platform: 'teams' as const, userId: 'user-id-0', name: 'Alex Wilber' };

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-wiz-7f3a9c',
    schoolId: 'oakfield-primary',
    reference: 'ES-2026-0042',
    procedureId: 'grooming-inappropriate-contact',
    procedureTitle: 'Worrying online contact with a pupil (possible grooming)',
    packVersion: '2026.11-1',
    reporter: sam,
    reportedAt: '2026-07-01T13:05:00.000Z',
    details: { when: '2026-07-01T13:40', pupils: 'J.S.', description: PUPIL_TEXT },
    answers: { meeting: 'yes', 'school-systems': 'no-or-unknown' },
    immediateRisk: false,
    subject: 'unknown',
    routing: {
      priority: 'urgent',
      destination: { kind: 'dsl-channel' },
      actingRoles: ['dsl', 'deputy-dsl'],
      taskRoles: [],
      informRoles: ['esafety-lead'],
      excludedRoles: [],
      excludedPeople: [],
      people: [
        { key: 'alexw@example.com', name: 'Alex Wilber', teamsUserId: 'user-id-0', roles: ['dsl', 'esafety-lead'], part: 'lead', taskIds: ['t1'], viaChannel: true },
        { key: 'meganb@example.com', name: 'Megan Bowen', teamsUserId: 'user-id-1', roles: ['deputy-dsl'], part: 'lead', taskIds: [], viaChannel: true },
      ],
      standIns: [],
      unassignedTaskIds: [],
      safeguarding: true,
      urgent: true,
      reason: 'A child may be at immediate risk: urgent safeguarding concern for the safeguarding team.',
    },
    status: 'referred',
    owner: { key: 'alexw@example.com', name: 'Alex Wilber' },
    acknowledgedAt: '2026-11-23T14:20:00.000Z',
    referrals: [{ agency: 'ceop', at: '2026-11-23T15:02:00.000Z', by: alex, note: 'CEOP reference 4411-23.' }],
    tasks: [{ id: 't1', text: 'Decide today whether to refer.', ownerRole: 'dsl', due: '2026-11-23T17:00:00.000Z', done: false }],
    chronology: [
      { at: '2026-07-01T13:05:00.000Z', by: sam, action: 'reported', detail: 'Reported under "Worrying online contact".' },
      { at: '2026-11-23T14:20:00.000Z', by: alex, action: 'acknowledged' },
      { at: '2026-11-23T15:02:00.000Z', by: alex, action: 'referred', detail: 'Referred to ceop: CEOP reference 4411-23.' },
    ],
    wizardId: REF.wizardId,
    ...overrides,
  };
}

export const ALLOWED_VERBS: string[] = [
  ...ESCALATION_ACTIONS,
  SHOW_SUMMARY,
  ...TASK_ACTIONS,
  ...Object.values(WIZARD_ACTIONS),
  'aup-sign',
  ...CASE_ACTIONS,
  ...Object.values(ALERT_ACTIONS),
  ...Object.values(FILTERING_ACTIONS),
  REVIEW_SAVE_ACTION,
  REVIEW_OPEN_ACTION,
];
export const OPAQUE_KEYS = ['incidentId', 'schoolId', 'taskId', 'wizardId', 'revision', 'documentId', 'version', 'ref', 'row'];
/** An answer on its own button, as a choice input would send it (or which of a transfer's files): core checks it is one the step offers. */
export const ANSWER_KEYS = ['choice', 'file'];

type Json = Record<string, unknown>;

/** Every object in the card (body, actions and nested ShowCard cards) that matches. */
export function findAll(node: unknown, match: (o: Json) => boolean): Json[] {
  if (Array.isArray(node)) return node.flatMap((n) => findAll(n, match));
  if (!node || typeof node !== 'object') return [];
  const o = node as Json;
  return [...(match(o) ? [o] : []), ...Object.values(o).flatMap((v) => findAll(v, match))];
}

export const executes = (card: unknown) => findAll(card, (o) => o.type === 'Action.Execute');
export const inputs = (card: unknown) => findAll(card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
export const texts = (card: unknown) => findAll(card, (o) => o.type === 'TextBlock').map((t) => String(t.text));

/** Parses with the official renderer's object model; returns every parse and validation message. */
export function cardProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

/** A digest as core describes it, for the card tests. */
export const digestView = {
  title: 'Weekly online-safety digest: Oakfield Primary School',
  period: 'Mon 16 Nov 2026 to Sun 22 Nov 2026',
  headline: '3 incidents reported (1 urgent, 2 safeguarding): more than the average of 1.1 a week over the previous 7 weeks.',
  sections: [
    { heading: 'By type', lines: ['Online bullying of a pupil: 2', 'Worrying online contact with a pupil (possible grooming): 1 (1 urgent)'] },
    { heading: 'Worth a look', lines: ['Nothing stands out.'] },
  ],
  details: [{ heading: 'Open incidents, oldest first', lines: ['ES-2026-0040 · Online bullying of a pupil · in progress · 9 days · Alex Wilber'] }],
  chart: { title: 'Incidents per week, last 8 weeks', bars: [0, 1, 2, 1, 0, 3, 1, 3].map((value, i) => ({ label: `${i + 1} Oct`, value })), altText: 'Incidents per week.' },
};
