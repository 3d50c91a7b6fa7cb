/**
 * Every Teams card template, expanded with its sample data, is a card Teams will take: it parses and
 * validates with the official `adaptivecards` package, stays within schema 1.5 and the message size
 * limit, and its buttons carry only core action ids and opaque references.
 */
import { transferCardData } from '../../src/adapters/teams/cards/transfer-data';
import { casesCardData } from '../../src/adapters/teams/cards/cases-data';
import { alertTriageCardData } from '../../src/adapters/teams/cards/alert-triage-data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  escalationCardData,
  fullRecordCardData,
  informRoleCardData,
  noticeCardData,
  aupCardData,
  digestCardData,
  receiptCardData,
  reporterUpdateCardData,
  urgentReminderCardData,
  wizardCardData,
  taskCardData,
  deliveryReportCardData,
} from '../../src/adapters/teams/cards/card-data';
import { CARD_NAMES, type CardName, cardAttachment, renderCard } from '../../src/adapters/teams/cards/render-card';
import { custodyFormCardData } from '../../src/adapters/teams/cards/evidence-custody-data';
import { decisionFormCardData } from '../../src/adapters/teams/cards/decision-form-data';
import { childFileCardData } from '../../src/adapters/teams/cards/child-file-data';
import { caseSharedCardData, shareFormCardData } from '../../src/adapters/teams/cards/case-shared-data';
import { filteringCardData } from '../../src/adapters/teams/cards/filtering-data';
import { reviewFormCardData } from '../../src/adapters/teams/cards/review-form-data';
import { reviewReminderCardData } from '../../src/adapters/teams/cards/review-reminder-data';
import { ESCALATION_ACTIONS } from '../../src/core/incidents/escalation-actions';
import { ALLOWED_VERBS, ANSWER_KEYS, OPAQUE_KEYS, REF, assignment, cardProblems, deliveryReport, digestView, escalation, escalationWithTasks, executes, incident, views } from './teams-card-fixtures';

// Teams refuses a message whose payload is over about 28 KB.
const TEAMS_MAX_BYTES = 28 * 1024;

const sample = (name: CardName): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, '../../cards', name, 'sample.json'), 'utf8'));

/** What each mapper makes, so the samples cannot drift from the data the adapter really binds. */
const mapped: Record<CardName, object> = {
  'evidence-custody': custodyFormCardData({
    schoolId: 'oakfield',
    incidentId: 'inc-w1',
    reference: 'ES-2026-0042',
    values: { device: 'Black iPhone 12, case with stickers', takenBy: 'Alex Wilber', from: "Year 9 pupil, in the head of year's office", date: '2026-11-23', time: '10:15' },
    errors: ['Please write to whom it went.'],
  }),
  'wizard-step': wizardCardData(views.details, REF),
  'report-receipt': receiptCardData({ reference: 'ES-2026-0042', title: 'Report ES-2026-0042 sent', urgent: true, toldHeading: 'Who it is going to', toldRoles: ['DSL'], nextSteps: ['Wait.'] }),
  'dsl-escalation': escalationCardData(escalationWithTasks),
  'full-record': fullRecordCardData(incident(), 'Oakfield Primary School'),
  'urgent-reminder': urgentReminderCardData(escalation, 25),
  'inform-role': informRoleCardData(escalation),
  'reporter-update': reporterUpdateCardData({ reference: 'ES-2026-0042', text: 'Picked up.' }),
  notice: noticeCardData('Done'),
  'review-reminder': reviewReminderCardData({ schoolId: 'oakfield-primary', overdue: false, due: '2027-01-15', title: 'Due soon', lines: ['L'] }),
  'review-form': reviewFormCardData({
    schoolId: 'oakfield-primary',
    title: 'Review',
    intro: 'Answer each question.',
    today: '2026-12-02',
    maxAnswer: 2000,
    items: [{ id: 'roles', inputId: 'answer-roles', question: 'Who?', value: '' }],
    outcomes: [{ value: 'meets-standards', title: 'Meets' }],
    values: { date: '2026-12-02', participants: '', outcome: '' },
    errors: ['Answer "Who?"'],
  }),
  digest: digestCardData(digestView),
  'task-assignment': taskCardData(assignment),
  'delivery-report': deliveryReportCardData(deliveryReport),
  'child-file': childFileCardData({ schoolId: 's', schoolName: 'S', pupil: { id: 'p', name: 'N', yearGroup: '5', left: false }, incidents: [], entries: [], madeAt: '', madeFor: 'A' }),
  'case-shared': caseSharedCardData({
    schoolId: 's',
    incidentId: 'i',
    shareId: 'share-1',
    reference: 'ES-2026-0003',
    title: 'Shared',
    reason: 'Why',
    live: true,
    labels: { fullRecord: 'Full record', taskDone: 'Done' },
  }),
  'decision-form': decisionFormCardData({ kind: 'lado', ref: 'lado', schoolId: 's', incidentId: 'i', reference: 'R', title: 'LADO', intro: [], fields: [], submitLabel: 'Save' }),
  'share-form': shareFormCardData({ schoolId: 's', incidentId: 'i', reference: 'R', title: 'Share', people: [], today: '2026-11-24', latest: '2027-11-24', accessChoices: [] }),
  transfer: transferCardData({ title: 'T', lines: ['L'], schoolId: 'oakfield-primary', receiptRef: 'transfer:1' }),
  cases: casesCardData({ title: 'Open cases', lines: ['L'], items: [], types: [], schoolId: 'oakfield-primary' }),
  'alert-triage': alertTriageCardData(
    {
      title: '12 new monitoring alerts: 3 high, 9 low',
      urgent: false,
      lines: ['12 alerts to triage. Only the DSL and deputies may triage.', 'The monitoring service holds what was captured; this card never shows it.'],
      rows: [
        { alertRef: 'alert:mon-1', heading: 'High · Self-harm', severity: 'high', time: '2026-11-23 09:59', reference: 'LAPTOP-14' },
        { alertRef: 'alert:mon-2', heading: 'Low · Bullying', severity: 'low', time: '2026-11-23 10:00', reference: 'user:y5-0042', outcome: 'Opened as ES-2026-0003' },
      ],
      more: 2,
    },
    'oakfield-primary',
  ),
  filtering: filteringCardData({
    title: 'Unblock request: www.bbc.co.uk/bitesize',
    lines: ['Approve it, or refuse it with a reason.'],
    facts: [{ title: 'Site', value: 'www.bbc.co.uk/bitesize' }],
    actions: [{ verb: 'unblock-approve', title: 'Approve' }],
    askReason: true,
    target: { schoolId: 'oakfield-primary', entryId: 'e1' },
  }),
  aup: aupCardData({
    title: 'AUP',
    status: 'Due',
    summary: ['Be safe.'],
    canSign: true,
    signLabel: 'I have read and agree',
    documentId: 'staff-aup',
    version: '2026.1',
    url: 'https://example.org/a.pdf',
    reminder: 'Reminder',
  }),
};

describe.each(CARD_NAMES)('card template %s with its sample data', (name) => {
  const card = renderCard(name, sample(name));
  const json = JSON.stringify(card);

  it('parses and validates with the official adaptivecards package', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('is schema 1.5 or lower, the highest Teams renders', () => {
    expect(card.type).toBe('AdaptiveCard');
    const [major, minor] = String(card.version).split('.').map(Number);
    expect((major ?? 9) * 100 + (minor ?? 0)).toBeLessThanOrEqual(105);
  });

  it('has every binding filled in', () => {
    expect(json).not.toContain('${');
    expect(json).not.toContain('"$when"');
    expect(json).not.toContain('"$data"');
  });

  it('fits in a Teams message', () => {
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(TEAMS_MAX_BYTES);
  });

  it('has buttons that carry a core action id and only opaque ids', () => {
    for (const action of executes(card)) {
      expect(ALLOWED_VERBS).toContain(action.verb);
      const data = action.data as Record<string, unknown>;
      expect(Object.keys(data).every((k) => OPAQUE_KEYS.includes(k) || ANSWER_KEYS.includes(k))).toBe(true);
      expect(Object.values(data).every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    }
  });

  it('has sample data shaped like what the mapper produces', () => {
    expect(Object.keys(sample(name)).sort()).toEqual(Object.keys(mapped[name]).sort());
  });
});

describe('renderCard', () => {
  it('returns a fresh card each time, so an adapter may add to it safely', () => {
    const first = renderCard('notice', noticeCardData('One', ['a']));
    (first.body as unknown[]).push({ type: 'TextBlock', text: 'added' });
    const second = renderCard('notice', noticeCardData('One', ['a']));
    expect(JSON.stringify(second)).not.toContain('added');
  });

  it('leaves text people typed exactly as typed, even if it looks like a binding', () => {
    const view = { ...views.review, review: [{ label: 'What happened', value: 'He wrote ${title} and ${$root.actionData}' }] };
    const card = renderCard('wizard-step', wizardCardData(view, REF));
    expect(JSON.stringify(card)).toContain('He wrote ${title} and ${$root.actionData}');
  });

  it('wraps a card as a botbuilder Adaptive Card attachment', () => {
    const card = renderCard('notice', noticeCardData('Done'));
    expect(cardAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
  });

  it('offers every core escalation action on a new escalation card', () => {
    const verbs = executes(renderCard('dsl-escalation', escalationCardData(escalation))).map((a) => a.verb);
    expect([...new Set(verbs)].sort()).toEqual([...ESCALATION_ACTIONS].sort());
  });
});
