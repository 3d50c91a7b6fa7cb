/**
 * Every Slack view and message, drawn from core views at their largest, stays within Block Kit's limits
 * and shows what a person needs: the same fixtures the Teams card tests use.
 */
import { describeEscalation } from '../../src/core/incidents/escalation-view';
import { describeFullRecord } from '../../src/core/incidents/full-record-view';
import { describeUrgentReminder } from '../../src/core/incidents/notice-views';
import { describeReceipt } from '../../src/core/incidents/receipt-view';
import { escalationMessage } from '../../src/adapters/slack/views/escalation-message';
import { homeView } from '../../src/adapters/slack/views/home-view';
import { actionFormModal, FORM_ACTIONS, fullRecordModal } from '../../src/adapters/slack/views/incident-modals';
import { deliveryReportMessage, receiptMessage, teamUnreachableMessage, urgentReminderMessage } from '../../src/adapters/slack/views/notice-messages';
import { setupMessage } from '../../src/adapters/slack/views/setup-message';
import { assignmentMessage, taskReasonModal } from '../../src/adapters/slack/views/task-message';
import { parseIncidentToken, parseTaskToken } from '../../src/adapters/slack/views/incident-token';
import { wizardModal } from '../../src/adapters/slack/views/wizard-modal';
import type { AssignmentView, TaskItem } from '../../src/core/incidents/task-view';
import { describeTeamUnreachable } from '../../src/core/incidents/notice-views';
import type { EscalationView } from '../../src/core/incidents/escalation-view';
import { subjectRoleChoices } from '../../src/core/wizard/subject-role';
import type { WizardView } from '../../src/core/wizard/wizard-view';
import { buttonsIn } from '../builders/slack-user';
import { blockKitProblems } from '../builders/block-kit-limits';
import { shippedPack } from '../builders/temp-store';
import { PUPIL_TEXT, escalation, incident, views } from './teams-card-fixtures';

const school = shippedPack.schools[0]!;
const long = (n: number) => 'Long words & <angle> brackets '.repeat(Math.ceil(n / 30)).slice(0, n);

const task = (i: number, open = true, text = `Task ${i}: block the site and check the filter.`): TaskItem => ({
  taskId: `step-${i}`,
  text,
  meta: `Network Manager · due Mon 23 Nov 2026, 16:30 · ${open ? 'OVERDUE' : 'Not needed'}`,
  open,
  overdue: open,
  closedLine: open ? '' : `Not needed by Sam Reid, Mon 23 Nov 2026, 15:10: ${long(300)}`,
});
const withTasks = (tasks: TaskItem[]): EscalationView => ({ ...escalation, tasks });
const assignment = (tasks: TaskItem[], more: Partial<AssignmentView> = {}): AssignmentView => ({
  incidentId: 'inc-wiz-7f3a9c',
  schoolId: 'oakfield-primary',
  reference: 'ES-2026-0042',
  title: 'Pupil deliberately visited an unsuitable website',
  heading: 'Your tasks for ES-2026-0042',
  kind: 'Online-safety incident',
  urgent: false,
  priority: 'Today: due by the end of the school day',
  lead: 'Designated Safeguarding Lead and deputies',
  lines: [
    'Online-safety incident at Oakfield Primary School, led by the Designated Safeguarding Lead and deputies. These are yours to do.',
    "Pupils' names and what was written are only in the full record. Opening it is recorded.",
  ],
  tasks,
  closed: false,
  ...more,
});

test.each(Object.entries(views))('the %s wizard step is a valid modal', (_name, view) => {
  const modal = wizardModal(view as WizardView, 'wiz-7f3a9c.4');
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  expect(modal.private_metadata).toBe('wiz-7f3a9c.4');
});

test('a wizard step with very long wording, many choices and errors still fits, and escapes mrkdwn', () => {
  const view = {
    ...(views.triage as WizardView),
    title: long(400),
    intro: [long(5000)],
    choices: Array.from({ length: 60 }, (_, i) => ({ value: `p${i}`, label: long(200) })),
    errors: { choice: long(300) },
    canGoBack: true,
  } as WizardView;
  const modal = wizardModal(view, 'w.1');
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  const mrkdwn = JSON.stringify(modal.blocks.map((b: any) => (b.text?.type === 'mrkdwn' ? b.text.text : '')));
  expect(mrkdwn).not.toContain('<angle>');
  expect(mrkdwn).toContain('&lt;angle&gt;');
});

test('the escalation message shows the minimum: no pupil details, every action, and fits', () => {
  const message = escalationMessage({ ...withTasks([]), title: long(300), schoolName: long(200), reportedBy: long(100) }, ['U0DEMO001']);
  expect(blockKitProblems(message, 'message')).toEqual([]);
  expect(JSON.stringify(message)).not.toContain(PUPIL_TEXT);
  const real = escalationMessage(describeEscalation(shippedPack, school, incident({ details: { description: PUPIL_TEXT, pupils: 'J.S.' } })));
  expect(JSON.stringify(real)).not.toContain('J.S.');
  expect(JSON.stringify(real)).not.toContain('Dave');
});

test.each(FORM_ACTIONS)('the %s form is a valid modal carrying only the incident reference', (action) => {
  const modal = actionFormModal(action, escalation);
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  expect(modal.private_metadata).toBe(`${escalation.schoolId}/${escalation.incidentId}`);
});

test('a very long full record fits one modal, drops the oldest entries first and says so', () => {
  const chronology = Array.from({ length: 300 }, (_, i) => ({
    at: '2026-11-23T10:00:00Z',
    by: { platform: 'slack' as const, userId: 'U1', name: 'Alex' },
    action: 'note',
    detail: `entry ${i} ${long(2000)}`,
  }));
  const record = incident({ details: { description: long(4000), evidence: long(2000), pupils: 'J.S.' }, chronology });
  const modal = fullRecordModal(describeFullRecord(record, school.name));
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  const text = JSON.stringify(modal);
  expect(text).toContain('entry 299 ');
  expect(text).not.toContain('entry 0 ');
  expect(text).toMatch(/The \d+ earliest chronology entries are not shown here/);
  // A 4,000-character description is shown whole, across sections, not cut.
  expect(text.split('Long words').length).toBeGreaterThan(4000 / 30);
});

test('the Home tab with a long queue and many reports stays within 100 blocks', () => {
  const items = Array.from({ length: 15 }, (_, i) => ({ ...escalation, incidentId: `inc-${i}`, title: long(300) }));
  const own = Array.from({ length: 15 }, (_, i) => ({ reference: `ES-2026-${i}`, title: long(300), status: 'Acknowledged', reportedAt: '2026-11-23T10:00:00Z' }));
  const home = homeView({ own, queue: { items, more: 40 } });
  expect(blockKitProblems(home, 'home')).toEqual([]);
  expect(JSON.stringify(home)).toContain('40 more open');
});

test('the receipt and the urgent reminder fit and carry no pupil details', () => {
  const record = incident({ details: { description: PUPIL_TEXT } });
  const receipt = receiptMessage(describeReceipt(school, record));
  expect(blockKitProblems(receipt, 'message')).toEqual([]);
  expect(receipt.text).toContain(record.reference);
  // The receipt says who it is going to; only the delivery report, later, says who has been reached.
  expect(JSON.stringify(receipt.blocks)).toContain('Who it is going to');
  expect(JSON.stringify(receipt.blocks)).not.toContain('has been told');
  const view = describeEscalation(shippedPack, school, record);
  const nag = urgentReminderMessage(describeUrgentReminder(view, 25), view, ['U0DEMO001', 'U0DEMO002']);
  expect(blockKitProblems(nag, 'message')).toEqual([]);
  expect(JSON.stringify([receipt, nag])).not.toContain('Dave');
});

test('the escalation message lists its tasks with Done and Not needed (open ones only), and still fits with very many', () => {
  const message = escalationMessage(withTasks([task(3), task(4, false)]));
  expect(blockKitProblems(message, 'message')).toEqual([]);
  const buttons = buttonsIn(message.blocks);
  expect(buttons.filter((b) => b.action_id.startsWith('task-')).map((b) => [b.action_id, b.value])).toEqual([
    ['task-done', 'oakfield-primary/inc-wiz-7f3a9c/step-3'],
    ['task-not-needed', 'oakfield-primary/inc-wiz-7f3a9c/step-3'],
  ]);
  expect(JSON.stringify(message)).toContain('Not needed by Sam Reid');
  expect(JSON.stringify(message)).not.toContain('<angle>');
  const crowded = escalationMessage(withTasks(Array.from({ length: 40 }, (_, i) => task(i, true, long(400)))));
  expect(blockKitProblems(crowded, 'message')).toEqual([]);
  expect(JSON.stringify(crowded).includes('listed without buttons')).toBe(true);
  expect(buttonsIn(crowded.blocks).map((b) => b.action_id)).toContain('acknowledge');
  const closed = escalationMessage({ ...withTasks([task(3)]), closed: true, actions: ['full-record'] });
  expect(buttonsIn(closed.blocks).map((b) => b.action_id)).toEqual(['full-record']);
});

test('a task holder is shown the priority, type, lead, privacy line and each task with its buttons, within limits', () => {
  const message = assignmentMessage(assignment([task(4), task(5, false)]));
  expect(blockKitProblems(message, 'message')).toEqual([]);
  const words = JSON.stringify(message.blocks);
  for (const part of [
    'Your tasks for ES-2026-0042',
    'Today: due by the end of the school day',
    'Online-safety incident',
    'Designated Safeguarding Lead and deputies',
    'Opening it is recorded',
    'Task 4: block the site',
    'OVERDUE',
  ])
    expect(words).toContain(part);
  expect(buttonsIn(message.blocks).map((b) => b.action_id)).toEqual(['task-done', 'task-not-needed', 'add-note', 'full-record']);
  expect(message.text).toContain('Your tasks for ES-2026-0042');
  const big = assignmentMessage(
    assignment(
      Array.from({ length: 60 }, (_, i) => task(i, true, long(500))),
      { title: long(400), heading: long(300), lines: [long(4000), long(4000)] },
    ),
  );
  expect(blockKitProblems(big, 'message')).toEqual([]);
  const closed = assignmentMessage(assignment([task(4)], { closed: true }));
  expect(buttonsIn(closed.blocks).map((b) => b.action_id)).toEqual(['full-record']);
  expect(JSON.stringify(closed.blocks)).toContain('This incident is closed');
});

test('task buttons carry only school/incident/task, parsed defensively; an incident token is not a task token', () => {
  expect(parseTaskToken('oakfield-primary/inc-1/step-4')).toEqual({ schoolId: 'oakfield-primary', incidentId: 'inc-1', taskId: 'step-4' });
  for (const bad of ['oakfield-primary/inc-1', 'oakfield-primary/inc-1/step-4/x', 'a/b/../c', 'a/b/c d', '', 42, undefined, `a/b/${'x'.repeat(200)}`]) expect(parseTaskToken(bad)).toBeUndefined();
  expect(parseIncidentToken('oakfield-primary/inc-1/step-4')).toBeUndefined();
  const modal = taskReasonModal({ schoolId: 'oakfield-primary', incidentId: 'inc-1', taskId: 'step-4' }, 'ES-2026-0042', long(3000));
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  expect(modal.private_metadata).toBe('oakfield-primary/inc-1/step-4');
  const input = modal.blocks.find((b: any) => b.type === 'input') as any;
  expect(input.optional).toBe(false);
  expect(input.block_id).toBe('reason');
});

test('the delivery report shows only the parts with someone in them, then the advice; the team-unreachable notice is urgent', () => {
  const report = deliveryReportMessage({
    reference: 'ES-2026-0042',
    title: 'Who has been told about ES-2026-0042',
    reached: ['Alex Wilber, Designated Safeguarding Lead (to lead it, in the safeguarding channel)'],
    trying: [],
    notReached: ['Sam Reid, Network Manager (a task): Slack refused the message'],
    advice: ['Please tell Sam Reid yourself, in person or by phone, and quote ES-2026-0042: the bot could not give them their part.'],
  });
  expect(blockKitProblems(report, 'message')).toEqual([]);
  const words = JSON.stringify(report.blocks);
  expect(words).toContain('*Reached*');
  expect(words).toContain('*Not reached*');
  expect(words).not.toContain('Still trying');
  expect(words.indexOf('Not reached')).toBeLessThan(words.indexOf('Please tell Sam Reid'));
  expect(report.text).toContain('Sam Reid');
  const notice = teamUnreachableMessage(describeTeamUnreachable('ES-2026-0042', 'Nobody in the safeguarding team could be reached about ES-2026-0042.'));
  expect(blockKitProblems(notice, 'message')).toEqual([]);
  expect(JSON.stringify(notice.blocks)).toContain(':rotating_light:');
  expect(notice.text).toContain('Nobody in the safeguarding team could be reached');
});

test('the setup check fits one message even for a school with many roles', () => {
  const lines = Array.from({ length: 80 }, (_, i) => ({
    role: `Role ${i}`,
    who: `Person ${i} <x>`,
    platforms: [{ platform: 'slack' as const, reachable: i % 2 === 0, words: i % 2 ? 'Slack: NOT reachable, add their slackUserId (U…) in policy/pack.yaml' : 'Slack: reachable' }],
  }));
  const message = setupMessage({ title: 'Setup check: Oakfield Primary School', channel: ['Slack: safeguarding channel registered'], lines, summary: '40 things to fix.' });
  expect(blockKitProblems(message, 'message')).toEqual([]);
  expect(JSON.stringify(message.blocks)).toContain('Person 79');
  expect(JSON.stringify(message.blocks)).toContain('&lt;x&gt;');
});

test('the review step shows who it goes to; the subject-role step is a choice per role', () => {
  const review: WizardView = {
    wizardId: 'wiz-1',
    revision: 7,
    step: 'review',
    canGoBack: true,
    errors: {},
    title: 'Check and send',
    intro: ['Report: Unsuitable website'],
    review: [{ label: 'What happened', value: 'x' }],
    submitLabel: 'Send report',
    plan: [
      { who: 'Alex Wilber, Designated Safeguarding Lead', job: 'leads it, 1 task' },
      { who: 'Sam Reid, Network Manager', job: '2 tasks' },
    ],
  };
  const modal = wizardModal(review, 'wiz-1.7');
  expect(blockKitProblems(modal, 'modal')).toEqual([]);
  const goesTo = modal.blocks.find((b: any) => b.text?.text?.startsWith('*It goes to*')) as any;
  expect(goesTo.text.text).toContain('Sam Reid, Network Manager: 2 tasks');
  expect(goesTo.text.text).toContain('Alex Wilber, Designated Safeguarding Lead: leads it, 1 task');
  const choices = subjectRoleChoices(school);
  const step: WizardView = {
    wizardId: 'wiz-1',
    revision: 3,
    step: 'subject-role',
    canGoBack: true,
    errors: {},
    title: 'Does the member of staff hold one of these roles?',
    intro: ['The report is kept away from them.'],
    choices,
  };
  const roleModal = wizardModal(step, 'wiz-1.3');
  expect(blockKitProblems(roleModal, 'modal')).toEqual([]);
  expect(
    buttonsIn(roleModal.blocks)
      .filter((b) => b.action_id === 'report-next')
      .map((b) => b.value),
  ).toEqual(choices.map((c) => c.value));
  expect(roleModal.submit).toBeUndefined();
});
