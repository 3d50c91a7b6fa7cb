/**
 * The card mappers with views built by hand: what a teacher or a safeguarding lead would see and press.
 * Each card is rendered through its real template and checked with the official parser too.
 */
import {
  renderReceiptCard,
  renderWizardCard,
  escalationCardData,
  fullRecordCardData,
  informRoleCardData,
  noticeCardData,
  receiptCardData,
  reporterUpdateCardData,
  urgentReminderCardData,
  wizardCardData,
  taskCardData,
  deliveryReportCardData,
  teamUnreachableCardData,
  setupCheckCardData,
} from '../../src/adapters/teams/cards/card-data';
import { formatLondon, formatWallClock } from '../../src/adapters/teams/cards/format';
import { type CardName, renderCard } from '../../src/adapters/teams/cards/render-card';
import type { ChronologyEntry } from '../../src/core/incidents/incident';
import type { WizardView } from '../../src/core/wizard/wizard-view';
import { PUPIL_TEXT, REF, assignment, cardProblems, deliveryReport, escalation, escalationWithTasks, executes, findAll, incident, inputs, texts, views } from './teams-card-fixtures';

function render(name: CardName, data: object) {
  const card = renderCard(name, data);
  expect(cardProblems(card)).toEqual([]);
  return card;
}
const wizard = (view: WizardView) => render('wizard-step', wizardCardData(view, REF));
const button = (card: object, verb: string) => executes(card).find((a) => a.verb === verb);
const input = (card: object, id: string) => inputs(card).find((i) => i.id === id);

describe('the checker itself', () => {
  it('reports a card Teams would reject', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'Input.Text', id: 'x', isRequired: true },
        { type: 'Input.Text', id: 'x' },
      ],
    };
    expect(cardProblems(broken).length).toBeGreaterThan(0);
  });
});

describe('wizard-step card', () => {
  it('shows the long "What happened?" list as one required, expanded choice with Next and Cancel, and danger as a button of its own', () => {
    const card = wizard(views.triage);
    expect(texts(card)[0]).toBe('What happened?');
    const choice = input(card, 'choice');
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded', isRequired: true, label: 'Choose one' });
    expect(choice?.choices).toEqual(views.triage.choices.filter((c) => c.value !== 'danger-now').map((c) => ({ title: c.label, value: c.value })));
    const danger = executes(card).filter((a) => (a.data as Record<string, unknown>)?.choice === 'danger-now');
    expect(danger).toHaveLength(1);
    expect(danger[0]).toMatchObject({ title: 'A child is in danger right now', style: 'destructive', associatedInputs: 'none' });
    expect(executes(card).find((a) => a.verb === 'report-next' && (a.data as Record<string, unknown>)?.choice === undefined)).toMatchObject({
      title: 'Next',
      data: { schoolId: 'oakfield-primary', wizardId: 'wiz-7f3a9c', revision: 4 },
    });
    expect(button(card, 'report-cancel')).toMatchObject({ title: 'Cancel report', associatedInputs: 'none' });
    expect(button(card, 'report-back')).toBeUndefined();
  });

  it('shows a short list of answers as one tap each, carrying the answer', () => {
    const card = wizard(views.question);
    expect(input(card, 'choice')).toBeUndefined();
    const taps = executes(card).filter((a) => a.verb === 'report-next');
    expect(taps.map((a) => [a.title, (a.data as Record<string, unknown>)?.choice])).toEqual(views.question.choices.map((c) => [c.label, c.value]));
    expect(findAll(card, (o) => o.type === 'TextBlock' && o.text === 'Yes')[0]).toMatchObject({ wrap: true });
  });

  it('lets Back leave a choice step without choosing, and shows the choice error in red', () => {
    const card = wizard(views.question);
    expect(button(card, 'report-back')).toMatchObject({ title: 'Back', associatedInputs: 'none' });
    expect(findAll(card, (o) => o.text === 'Please choose one of the answers.')[0]).toMatchObject({ color: 'Attention' });
  });

  it('puts the urgent block first, in the attention style', () => {
    const card = wizard(views.urgentAction);
    const first = (card.body as Array<Record<string, unknown>>)[0];
    expect(first).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(first)).toContain('Call 999 now if a child is in immediate danger. Do not wait to finish this report.');
    expect(button(card, 'report-next')?.title).toBe('The child is safe for now: continue the report');
  });

  it('lists guidance under "Do" and "Do not"', () => {
    const t = texts(wizard(views.guidance));
    expect(t).toEqual(expect.arrayContaining(['Do', 'Do not']));
    expect(t.join('\n')).toContain("- Don't promise to keep it a secret.");
    expect(t.indexOf('Do')).toBeLessThan(t.indexOf('Do not'));
  });

  it('draws the details form: split date and time, limits, labels, errors and the no-uploads warning', () => {
    const card = wizard(views.details);
    expect(input(card, 'whenDate')).toMatchObject({ type: 'Input.Date', value: '2026-11-23', label: 'When did it happen? (required)' });
    expect(input(card, 'whenTime')).toMatchObject({ type: 'Input.Time', value: '14:05' });
    expect(input(card, 'when')).toBeUndefined();
    expect(input(card, 'pupils')).toMatchObject({ type: 'Input.Text', maxLength: 300, isMultiline: false, value: 'J.S.', label: 'Pupils involved (initials only, e.g. J.S., required)' });
    expect(input(card, 'description')).toMatchObject({ isMultiline: true, maxLength: 4000, value: PUPIL_TEXT });
    expect(input(card, 'url')).toMatchObject({ label: 'Website address, app or platform' });
    expect(findAll(card, (o) => o.text === 'That date is in the future. Please check it.')[0]).toMatchObject({ color: 'Attention' });
    expect(input(card, 'whenDate')?.errorMessage).toBe('That date is in the future. Please check it.');
    expect(texts(card)).toEqual(expect.arrayContaining(['Do not attach or upload any image', views.details.noUploadsReason]));
    // Typed details go back with "Back", so it must not be associatedInputs: none.
    expect(button(card, 'report-back')?.associatedInputs).toBe('auto');
    expect(button(card, 'report-next')?.title).toBe('Next');
  });

  it('shows on the review step who it goes to and what each is given', () => {
    const card = wizard(views.review);
    expect(texts(card)).toContain('It goes to');
    expect(findAll(card, (o) => o.type === 'FactSet')[1]?.facts).toEqual([
      { title: 'Alex Wilber, Designated Safeguarding Lead', value: 'leads it, 1 task' },
      { title: 'Sam Reid, Network Manager', value: '1 task' },
    ]);
    expect(texts(wizard(views.details))).not.toContain('It goes to');
  });

  it('numbers the checklist', () => {
    expect(texts(wizard(views.checklist))).toContain('1. Send this report now.\n2. Tell the DSL in person as well if you can.');
  });

  it('shows the review as facts with a readable time, and sends with the submit button only', () => {
    const card = wizard(views.review);
    const facts = findAll(card, (o) => o.type === 'FactSet')[0]?.facts;
    expect(facts).toEqual([
      { title: 'When did it happen', value: 'Mon 23 Nov 2026, 14:05' },
      { title: 'What happened', value: PUPIL_TEXT },
    ]);
    expect(button(card, 'report-submit')).toMatchObject({ title: 'Send report', style: 'positive' });
    expect(button(card, 'report-next')).toBeUndefined();
  });

  it('never puts what was typed into button data', () => {
    for (const view of Object.values(views)) {
      const offered = ((view as { choices?: Array<{ value: string }> }).choices ?? []).map((c) => c.value);
      for (const action of executes(wizard(view))) {
        // Ids, and on an answer's own button the answer the card offered: never anything typed.
        const { choice, ...ids } = action.data as Record<string, unknown>;
        expect(ids).toEqual({ schoolId: REF.schoolId, wizardId: REF.wizardId, revision: view.revision });
        if (choice !== undefined) expect(offered).toContain(choice);
      }
    }
  });
});

describe('report-receipt card', () => {
  const view = {
    reference: 'ES-2026-0042',
    title: 'Report ES-2026-0042 sent',
    urgent: true,
    toldHeading: 'Who it is going to',
    toldRoles: ['Alex Wilber, Designated Safeguarding Lead: leads it', 'Adele Vance, Head Teacher: for information'],
    nextSteps: ['Keep the reference number.'],
  };

  it("says it was sent, who it is going to (under core's heading) and what happens next, with no buttons", () => {
    const card = render('report-receipt', receiptCardData(view));
    const t = texts(card);
    expect(t).toEqual(
      expect.arrayContaining([
        'URGENT',
        'Report ES-2026-0042 sent',
        'Who it is going to',
        '- Alex Wilber, Designated Safeguarding Lead: leads it\n- Adele Vance, Head Teacher: for information',
        'What happens next',
      ]),
    );
    // The receipt is sent before any platform has answered: it must not claim anyone has been told.
    expect(t).not.toContain('Who has been told');
    expect(findAll(card, (o) => typeof o.type === 'string' && o.type.startsWith('Action.'))).toEqual([]);
  });

  it('shows no URGENT badge when it is not urgent', () => {
    expect(texts(render('report-receipt', receiptCardData({ ...view, urgent: false })))).not.toContain('URGENT');
  });
});

describe('dsl-escalation card', () => {
  it('heads an urgent concern in the attention colour and lists the facts', () => {
    const card = render('dsl-escalation', escalationCardData(escalation));
    const header = (card.body as Array<Record<string, unknown>>)[0];
    expect(header).toMatchObject({ style: 'attention' });
    expect(texts(header)).toEqual(['URGENT', 'Safeguarding concern', 'For the Designated Safeguarding Lead and deputies']);
    const facts = findAll(card, (o) => o.type === 'FactSet')[0]?.facts;
    expect(facts).toEqual([
      { title: 'Reference', value: 'ES-2026-0042' },
      { title: 'Type', value: 'Worrying online contact with a pupil (possible grooming)' },
      { title: 'School', value: 'Oakfield Primary School' },
      { title: 'Reported', value: 'Mon 23 Nov 2026, 14:12 by Sam Jones' },
      { title: 'Status', value: 'New: not yet acknowledged' },
      { title: 'Owner', value: 'Nobody yet' },
      { title: 'Last action', value: 'Sent to the right people by eSafety bot' },
    ]);
  });

  it('collects what each action needs, in show-cards with distinct input ids', () => {
    const card = render('dsl-escalation', escalationCardData(escalation));
    expect(inputs(card).map((i) => i.id)).toEqual(['assignee', 'note', 'agency', 'referralNote', 'reason', 'outcome']);
    expect(input(card, 'assignee')?.choices).toEqual([
      { title: 'Alex Wilber', value: 'alexw@example.com' },
      { title: 'Megan Bowen', value: 'meganb@example.com' },
    ]);
    expect(input(card, 'agency')).toMatchObject({ isRequired: true });
    expect(input(card, 'referralNote')?.isRequired).toBeUndefined();
    for (const id of ['note', 'reason', 'outcome']) expect(input(card, id)).toMatchObject({ isMultiline: true, isRequired: true, maxLength: 2000 });
    for (const action of executes(card)) expect(action.data).toEqual({ schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c' });
    const showCards = findAll(card, (o) => o.type === 'Action.ShowCard').map((a) => a.title);
    expect(showCards).toEqual(['Assign', 'Add note', 'Refer', 'Decide not to refer', 'Close']);
  });

  it('offers only the full record once closed', () => {
    const closed = { ...escalation, urgent: false, closed: true, status: 'Closed', actions: ['full-record' as const] };
    const card = render('dsl-escalation', escalationCardData(closed));
    expect(executes(card).map((a) => a.verb)).toEqual(['full-record']);
    expect(findAll(card, (o) => o.type === 'ActionSet')).toHaveLength(1);
    expect(texts(card)).not.toContain('URGENT');
    expect((card.body as Array<Record<string, unknown>>)[0]).toMatchObject({ style: 'emphasis' });
  });

  it('does not offer Assign when nobody can be assigned', () => {
    const card = render('dsl-escalation', escalationCardData({ ...escalation, assignees: [] }));
    expect(input(card, 'assignee')).toBeUndefined();
  });

  it('@mentions the people given, in the text and as Teams entities', () => {
    const card = render('dsl-escalation', escalationCardData(escalation, [{ id: '29:alex', name: 'Alex Wilber' }]));
    expect(texts(card)).toContain('<at>Alex Wilber</at>');
    expect(card.msteams).toEqual({ width: 'Full', entities: [{ type: 'mention', text: '<at>Alex Wilber</at>', mentioned: { id: '29:alex', name: 'Alex Wilber' } }] });
  });

  it('calls a non-safeguarding incident an online-safety incident', () => {
    const card = render('dsl-escalation', escalationCardData({ ...escalation, urgent: false, safeguarding: false, audience: 'Online Safety Co-ordinator' }));
    expect(texts(card)).toEqual(expect.arrayContaining(['Online-safety incident', 'For the Online Safety Co-ordinator']));
  });
});

describe('tasks on cards', () => {
  const taskData = { schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c', taskId: 'step-3' };

  it('a task card shows the heading, priority, the minimum facts and each task; only the open one has buttons', () => {
    const card = render('task-assignment', taskCardData(assignment));
    const t = texts(card);
    expect(t.slice(0, 2)).toEqual(['Your tasks for ES-2026-0042', 'Routine']);
    expect(t).toEqual(
      expect.arrayContaining([
        ...assignment.lines,
        'Block the site and check the filter is set correctly.',
        'Network Manager · due Mon 23 Nov 2026, 16:30 · OVERDUE',
        'Done by Sam Reid, Mon 23 Nov 2026, 15:10',
      ]),
    );
    expect(findAll(card, (o) => o.text === 'Network Manager · due Mon 23 Nov 2026, 16:30 · OVERDUE')[0]).toMatchObject({ color: 'Attention' });
    expect(findAll(card, (o) => o.type === 'FactSet')[0]?.facts).toEqual([
      { title: 'Reference', value: 'ES-2026-0042' },
      { title: 'Type', value: 'Unsuitable website opened by accident' },
      { title: 'Kind', value: 'Online-safety incident' },
      { title: 'Led by', value: 'Online Safety Co-ordinator' },
    ]);
    expect(executes(card).map((a) => [a.verb, a.data])).toEqual([
      ['task-done', taskData],
      ['task-not-needed', taskData],
      ['add-note', { schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c' }],
      ['full-record', { schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c' }],
    ]);
    expect(input(card, 'reason-step-3')).toMatchObject({ isRequired: true, isMultiline: true, maxLength: 2000 });
    expect(findAll(card, (o) => o.type === 'Action.ShowCard').map((a) => a.title)).toEqual(['Not needed', 'Add note']);
    expect(texts(card)).not.toContain('URGENT');
  });

  it('an overdue reminder and an urgent incident say so at the top', () => {
    const card = render('task-assignment', taskCardData({ ...assignment, urgent: true, priority: 'URGENT: act now', heading: 'Overdue: your task for ES-2026-0042' }));
    expect(texts(card).slice(0, 3)).toEqual(['URGENT', 'Overdue: your task for ES-2026-0042', 'URGENT: act now']);
    expect((card.body as Array<Record<string, unknown>>)[0]).toMatchObject({ style: 'attention' });
  });

  it('once the incident is closed, a task card offers only the full record', () => {
    const card = render('task-assignment', taskCardData({ ...assignment, closed: true }));
    expect(executes(card).map((a) => a.verb)).toEqual(['full-record']);
  });

  it('the case card lists its tasks with Done and Not needed, each reason box with its own id', () => {
    const card = render('dsl-escalation', escalationCardData(escalationWithTasks));
    expect(texts(card)).toEqual(expect.arrayContaining(['Tasks', 'Block the site and check the filter is set correctly.', 'Done by Sam Reid, Mon 23 Nov 2026, 15:10']));
    expect(
      executes(card)
        .filter((a) => String(a.verb).startsWith('task-'))
        .map((a) => a.data),
    ).toEqual([taskData, taskData]);
    expect(inputs(card).map((i) => i.id)).toEqual(['reason-step-3', 'assignee', 'note', 'agency', 'referralNote', 'reason', 'outcome']);
    expect(texts(render('dsl-escalation', escalationCardData(escalation)))).not.toContain('Tasks');
  });
});

describe('delivery-report, team-unreachable and setup check cards', () => {
  it('shows only the sections with anyone in them, then the advice', () => {
    const card = render('delivery-report', deliveryReportCardData(deliveryReport));
    expect(texts(card)).toEqual([
      'Who has been told about ES-2026-0042',
      'Reached',
      '- Alex Wilber, Online Safety Co-ordinator (to lead it)',
      'Not reached',
      '- Sam Reid, Network Manager (a task): they have not opened a chat with the bot in Teams yet',
      ...deliveryReport.advice,
    ]);
    const all = render(
      'delivery-report',
      deliveryReportCardData({ ...deliveryReport, reached: [], notReached: [], trying: ['Sam Reid (a task): Teams has not answered yet; I am still trying'], advice: [] }),
    );
    expect(texts(all)).toEqual(['Who has been told about ES-2026-0042', 'Still trying', '- Sam Reid (a task): Teams has not answered yet; I am still trying']);
  });

  it('tells the head the team could not be reached, in red', () => {
    const card = render('notice', teamUnreachableCardData('ES-2026-0042', 'Please find them now.'));
    expect(texts(card)).toEqual(['URGENT: safeguarding team not reached about ES-2026-0042', 'Please find them now.']);
    expect(findAll(card, (o) => o.type === 'TextBlock')[0]).toMatchObject({ color: 'Attention' });
  });

  it('lists the setup check: channel, one line per holder with each platform, the summary', () => {
    const view = {
      title: 'Setup check: Oakfield',
      channel: ['Teams: safeguarding channel registered'],
      lines: [
        { role: 'Designated Safeguarding Lead', who: 'Alex Wilber', platforms: [{ platform: 'teams' as const, reachable: true, words: 'Teams: reachable' }] },
        { role: 'Chair of Governors', who: 'nobody holds this role', platforms: [] },
      ],
      summary: '1 thing to fix.',
    };
    expect(texts(render('notice', setupCheckCardData(view)))).toEqual([
      'Setup check: Oakfield',
      'Teams: safeguarding channel registered',
      'Designated Safeguarding Lead — Alex Wilber: Teams: reachable',
      'Chair of Governors — nobody holds this role',
      '1 thing to fix.',
    ]);
  });
});

describe('urgent-reminder card', () => {
  it('says how long it has waited and offers Acknowledge', () => {
    const card = render('urgent-reminder', urgentReminderCardData(escalation, 25));
    expect(texts(card)[0]).toBe('URGENT and still not acknowledged: ES-2026-0042 (reported 25 minutes ago)');
    expect(executes(card)).toEqual([expect.objectContaining({ verb: 'acknowledge', title: 'Acknowledge', data: { schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c' } })]);
  });

  it('shows no button to someone who cannot acknowledge, and counts hours in words', () => {
    const card = render('urgent-reminder', urgentReminderCardData(escalation, 95, { acknowledge: false }));
    expect(texts(card)[0]).toContain('(reported 1 hour 35 minutes ago)');
    expect(executes(card)).toEqual([]);
  });
});

describe('inform-role, reporter-update and notice cards', () => {
  it('tells a role only the reference, the school and who is dealing with it', () => {
    const json = JSON.stringify(render('inform-role', informRoleCardData(escalation)));
    expect(json).toContain('ES-2026-0042');
    expect(json).toContain('Designated Safeguarding Lead and deputies');
    for (const detail of [escalation.title, escalation.reportedBy, escalation.incidentId]) expect(json).not.toContain(detail);
  });

  it("gives the reporter core's words under the reference", () => {
    const card = render('reporter-update', reporterUpdateCardData({ reference: 'ES-2026-0042', text: 'Your report has been closed. Thank you.' }));
    expect(texts(card)).toEqual(['Update on your report ES-2026-0042', 'Your report has been closed. Thank you.']);
  });

  it('shows a plain notice, and an error with a reference to quote', () => {
    expect(texts(render('notice', noticeCardData("I've sent you a private message")))).toEqual(["I've sent you a private message"]);
    const error = render('notice', noticeCardData('That did not work', ['Please try again.'], { tone: 'error', supportRef: 'c0ffee' }));
    expect(findAll(error, (o) => o.text === 'That did not work')[0]).toMatchObject({ color: 'Attention' });
    expect(texts(error)).toContain('If you ask for help, quote: c0ffee');
  });
});

describe('full-record card', () => {
  it('opens with the confidentiality warning and holds the whole record', () => {
    const card = render(
      'full-record',
      fullRecordCardData(incident(), 'Oakfield Primary School', { roleTitle: (r) => (r === 'dsl' ? 'Designated Safeguarding Lead' : r === 'esafety-lead' ? 'Online Safety Co-ordinator' : r) }),
    );
    const t = texts(card);
    expect(t[0]).toBe('Confidential: safeguarding record. Do not copy or forward.');
    expect(t).toEqual(
      expect.arrayContaining([
        'ES-2026-0042: Worrying online contact with a pupil (possible grooming)',
        'When did it happen',
        'Wed 1 Jul 2026, 13:40',
        PUPIL_TEXT,
        'A child may be at immediate risk: urgent safeguarding concern for the safeguarding team.',
        'Going to: Alex Wilber, Designated Safeguarding Lead and Online Safety Co-ordinator (leads it); Megan Bowen, deputy-dsl (leads it).',
        'CEOP: Mon 23 Nov 2026, 15:02 by Alex Wilber',
        'CEOP reference 4411-23.',
        'Decide today whether to refer.',
        'Designated Safeguarding Lead · due Mon 23 Nov 2026, 17:00 · Open',
        'Wed 1 Jul 2026, 14:05 · Reported by Sam Jones',
        'Mon 23 Nov 2026, 14:20 · Acknowledged by Alex Wilber',
      ]),
    );
    const answers = findAll(card, (o) => o.type === 'FactSet')[1]?.facts;
    expect(answers).toEqual([
      { title: 'Meeting', value: 'Yes' },
      { title: 'School systems', value: 'No or unknown' },
    ]);
    // Its only button goes back to the summary; it changes nothing.
    expect(executes(card).map((a) => [a.verb, a.data])).toEqual([['show-summary', { schoolId: 'oakfield-primary', incidentId: 'inc-wiz-7f3a9c' }]]);
  });

  it('says who the messages really reached when given the deliveries', () => {
    const deliveries = [
      { key: 'alexw@example.com', who: 'Alex Wilber, Designated Safeguarding Lead', part: 'lead' as const, state: 'delivered' as const, how: 'channel' as const },
      { key: 'meganb@example.com', who: 'Megan Bowen, Deputy Designated Safeguarding Lead', part: 'lead' as const, state: 'unreachable' as const, reason: 'no-conversation' as const },
    ];
    const t = texts(render('full-record', fullRecordCardData(incident(), 'Oakfield Primary School', {}, deliveries)));
    expect(t).toContain('Told: Alex Wilber, Designated Safeguarding Lead (leads it): reached in the safeguarding channel; Megan Bowen, Deputy Designated Safeguarding Lead (leads it): NOT reached.');
  });

  it('uses the procedure wording for answers when given', () => {
    const data = fullRecordCardData(incident({ answers: { meeting: 'yes' } }), 'Oakfield', { answerLabel: () => ({ question: 'Has a meeting been arranged?', answer: 'Yes' }) });
    expect(data.answers).toEqual([{ label: 'Has a meeting been arranged?', value: 'Yes' }]);
  });

  it('shows the decision and outcome once recorded', () => {
    const t = texts(
      render(
        'full-record',
        fullRecordCardData(incident({ status: 'closed', referrals: [], noReferralReason: 'Parents dealt with it.', outcome: 'Account blocked.', closedAt: '2026-11-24T09:00:00.000Z' }), 'Oakfield'),
      ),
    );
    expect(t).toEqual(expect.arrayContaining(['Decision not to refer', 'Parents dealt with it.', 'Outcome', 'Account blocked.']));
  });

  it.each(['x', 'é', '😀'])('still fits in one Teams message when every text is as long as allowed (%s), and says what it left out', (ch) => {
    const long = (n: number) => ch.repeat(n);
    const many: ChronologyEntry[] = Array.from({ length: 60 }, (_, i) => ({
      at: '2026-11-23T15:00:00.000Z',
      by: { platform: 'teams', userId: 'u', name: 'Alex Wilber' },
      action: 'note',
      detail: `${i}:${long(1990)}`,
    }));
    const huge = incident({
      details: { when: '2026-11-23', where: long(200), pupils: long(300), staff: long(300), device: long(200), url: long(2000), description: long(4000), evidence: long(2000) },
      outcome: long(2000),
      noReferralReason: long(2000),
      chronology: many,
    });
    const card = render('full-record', fullRecordCardData(huge, 'Oakfield Primary School'));
    const all = texts(card).join('\n');
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    expect(all).toContain('This record is too long to show in full in Teams');
    expect(all).toContain(`59:${ch}`); // the newest entry is kept
    if (ch === 'x') expect(texts(card)).toContain(long(4000)); // what was reported outranks old log entries
  });

  it('does not mention shortening when nothing was shortened', () => {
    expect(fullRecordCardData(incident(), 'Oakfield').hasShortened).toBe(false);
  });
});

describe('times', () => {
  it('shows instants in UK time, winter and summer', () => {
    expect(formatLondon('2026-11-23T14:05:00Z')).toBe('Mon 23 Nov 2026, 14:05');
    expect(formatLondon('2026-07-01T13:05:00Z')).toBe('Wed 1 Jul 2026, 14:05');
  });

  it('shows a typed date and time as typed, and leaves other text alone', () => {
    expect(formatWallClock('2026-11-23T14:05')).toBe('Mon 23 Nov 2026, 14:05');
    expect(formatWallClock('2026-11-23')).toBe('Mon 23 Nov 2026');
    expect(formatWallClock('2026-02-30')).toBe('2026-02-30');
    expect(formatWallClock('last Tuesday')).toBe('last Tuesday');
  });
});

describe('renderWizardCard (the shared-step cache)', () => {
  it.each(Object.keys(views))('draws the %s step exactly as renderCard does, with each wizard its own ids', (name) => {
    const view = (views as Record<string, WizardView>)[name]!;
    for (const ref of [REF, { schoolId: 'riverside-academy', wizardId: 'wiz-other-1' }, REF]) {
      expect(renderWizardCard(view, ref)).toEqual(renderCard('wizard-step', wizardCardData(view, ref)));
    }
    const a = JSON.stringify(renderWizardCard(view, REF));
    const b = JSON.stringify(renderWizardCard({ ...view, revision: view.revision + 1 }, { ...REF, wizardId: 'wiz-b' }));
    expect(b).not.toContain(REF.wizardId);
    expect(a).not.toContain('@@');
  });
});

it('renderReceiptCard draws each receipt exactly as renderCard does, with its own reference', () => {
  for (const reference of ['ES-2026-0042', 'RA-2026-0007', 'ES-2026-0042']) {
    const view = {
      reference,
      title: `Report ${reference} sent`,
      urgent: reference.startsWith('RA'),
      toldHeading: 'Who it is going to',
      toldRoles: ['DSL'],
      nextSteps: ['Quote the reference.', `Keep ${reference}.`],
    };
    expect(renderReceiptCard(view)).toEqual(renderCard('report-receipt', receiptCardData(view)));
  }
});
