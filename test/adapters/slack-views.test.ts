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
import { receiptMessage, urgentReminderMessage } from '../../src/adapters/slack/views/notice-messages';
import { wizardModal } from '../../src/adapters/slack/views/wizard-modal';
import type { WizardView } from '../../src/core/wizard/wizard-view';
import { blockKitProblems } from '../builders/block-kit-limits';
import { shippedPack } from '../builders/temp-store';
import { PUPIL_TEXT, escalation, incident, views } from './teams-card-fixtures';

const school = shippedPack.schools[0]!;
const long = (n: number) => 'Long words & <angle> brackets '.repeat(Math.ceil(n / 30)).slice(0, n);

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
  const message = escalationMessage({ ...escalation, title: long(300), schoolName: long(200), reportedBy: long(100) }, ['U0DEMO001']);
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
  const chronology = Array.from({ length: 300 }, (_, i) => ({ at: '2026-11-23T10:00:00Z', by: { platform: 'slack' as const, userId: 'U1', name: 'Alex' }, action: 'note', detail: `entry ${i} ${long(2000)}` }));
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
  const view = describeEscalation(shippedPack, school, record);
  const nag = urgentReminderMessage(describeUrgentReminder(view, 25), view, ['U0DEMO001', 'U0DEMO002']);
  expect(blockKitProblems(nag, 'message')).toEqual([]);
  expect(JSON.stringify([receipt, nag])).not.toContain('Dave');
});
