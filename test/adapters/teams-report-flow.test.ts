/**
 * The Teams path end to end through the real adapter: Activity JSON posted to /api/messages, invokes
 * for every card button, and a loopback connector receiving the proactive sends.
 */
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { startTestBot } from '../builders/teams-bot';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
// The demo pack names the Playground's default user (user-id-0) as the DSL.
import { DSL as dsl, TEACHER as teacher } from '../builders/teams-harness';

const teacherChat = conversation('personal', 'a:teacher-chat');
const dslChat = conversation('personal', 'a:dsl-chat');
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');

let connector: FakeConnector;
let harness: Awaited<ReturnType<typeof startTestBot>>;
beforeEach(async () => {
  connector = await startFakeConnector();
  harness = await startTestBot();
});
afterEach(async () => {
  await harness.stop();
  await connector.close();
});

const cardOf = (activity: any) => activity?.attachments?.[0]?.content;
const invokeCard = (res: { body: any }) => res.body?.value;
const textOf = (card: any) => JSON.stringify(card);
/** The text of every TextBlock, in order. */
const texts = (card: any): string[] => {
  const found: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') found.push(String(node.text));
    for (const value of Object.values(node)) walk(value);
  };
  walk(card);
  return found;
};

async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(harness.bot.url, actionActivity(connector.url, user, conv, verb, data));
  expect(res.status).toBe(200);
  // With expectReplies the invoke response travels in the replies: { statusCode, type, value }.
  const invoke = res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body;
  expect(invoke).toBeDefined();
  return invoke;
}

/** Reports a grooming concern as the teacher, answering each card as a person would. */
async function reportGrooming(): Promise<{ receipt: any; ids: Record<string, unknown> }> {
  const started = await post(harness.bot.url, messageActivity(connector.url, teacher, teacherChat, 'report'));
  let card = cardOf(started.body.activities[0]);
  expect(textOf(card)).toContain('What happened?');
  const ids = () => executeActions(card).find((a) => a.verb === 'report-next')?.data ?? executeActions(card).find((a) => a.verb === 'report-submit')?.data ?? {};
  const answers: Array<Record<string, string>> = [
    { choice: 'grooming-inappropriate-contact' },
    { choice: 'no' }, // not in immediate danger
    { choice: 'no' }, // meeting arranged?
    { choice: 'no-or-unknown' },
    { choice: 'stranger' },
    { choice: 'no-or-unknown' },
    {}, // guidance
    {
      whenDate: '2026-11-20',
      whenTime: '10:15',
      description: 'A pupil told me an adult online keeps messaging them.',
      pupils: 'J.S.',
      where: 'Year 6',
      url: 'game chat',
      evidence: 'Nothing copied.',
      device: 'Own phone',
      staff: '',
    },
    {}, // checklist
  ];
  for (const values of answers) {
    const body = await press(teacher, teacherChat, 'report-next', { ...ids(), ...values });
    card = body.value;
    if (textOf(card).includes('Check and send')) break;
  }
  expect(textOf(card)).toContain('Check and send');
  const submitIds = ids();
  const receipt = invokeCard({ body: await press(teacher, teacherChat, 'report-submit', submitIds) });
  return { receipt, ids: submitIds };
}

describe('Teams: /report, receipt, DSL escalation', () => {
  it('a teacher reports, the DSL channel gets the card, the DSL acknowledges, and the teacher is told', async () => {
    // The DSL registers the private safeguarding channel.
    const registered = await post(harness.bot.url, messageActivity(connector.url, dsl, dslChannel, '<at>eSafety</at> register dsl channel'));
    expect(JSON.stringify(registered.body)).toContain('will now come to this channel');

    const { receipt } = await reportGrooming();
    expect(textOf(receipt)).toMatch(/ES-2026-0001/);
    expect(textOf(receipt)).not.toContain('J.S.');
    expect(executeActions(receipt)).toEqual([]);

    await harness.bot.jobs.flush();
    const escalation = connector.calls.find((c) => c.method === 'POST' && c.conversationId.startsWith('19:safeguarding'));
    expect(escalation).toBeDefined();
    const escalationCard = cardOf(escalation?.body);
    expect(textOf(escalationCard)).toContain('ES-2026-0001');
    expect(textOf(escalationCard)).not.toContain('J.S.');
    expect(textOf(escalationCard)).not.toContain('keeps messaging');
    // The receipt replaced the submitted card (a second copy would look like a second report); what follows
    // in the teacher's chat is only the delivery report, once Teams has answered for everyone.
    const toTeacher = connector.calls.filter((c) => c.conversationId === 'a:teacher-chat');
    expect(toTeacher.map((c) => texts(cardOf(c.body))[0])).toEqual(['Who has been told about ES-2026-0001']);
    expect(textOf(cardOf(toTeacher[0]?.body))).toContain('in the safeguarding channel');
    expect(textOf(cardOf(toTeacher[0]?.body))).not.toContain('J.S.');

    const ack = executeActions(escalationCard).find((a) => a.verb === 'acknowledge');
    expect(ack?.data).toEqual({ schoolId: 'oakfield-primary', incidentId: expect.any(String) });

    // A teacher pressing Acknowledge is refused in plain words.
    const refused = await press(teacher, dslChannel, 'acknowledge', ack!.data);
    expect(JSON.stringify(refused)).toMatch(/Only the people named/);

    const acked = await press(dsl, dslChannel, 'acknowledge', ack!.data);
    expect(textOf(acked.value)).toContain('Acknowledged');
    await harness.bot.jobs.flush();
    const update = connector.calls.find((c) => c.method === 'PUT' && c.conversationId.startsWith('19:safeguarding'));
    expect(update?.activityId).toBe(escalation?.activityId);
    const news = connector.calls.filter((c) => c.conversationId === 'a:teacher-chat').map((c) => textOf(cardOf(c.body)));
    expect(news.some((t) => /picked up/.test(t))).toBe(true);

    // Every other action, through the card.
    const data = ack!.data;
    const noted = await press(dsl, dslChannel, 'add-note', { ...data, note: 'Spoke to parents.' });
    expect(textOf(noted.value)).toMatch(/In progress/);
    const referred = await press(dsl, dslChannel, 'refer', { ...data, agency: 'ceop', referralNote: 'CEOP report 4471' });
    expect(textOf(referred.value)).toMatch(/Referred/);
    const full = await press(dsl, dslChannel, 'full-record', data);
    expect(textOf(full.value)).toContain('keeps messaging');
    expect(textOf(full.value)).toContain('CEOP report 4471');
    // Answers and roles in the school's own words, not internal ids.
    const pack = harness.bot.deps.pack;
    const grooming = pack.procedures.find((p) => p.id === 'grooming-inappropriate-contact')!;
    expect(textOf(full.value)).toContain(grooming.questions.find((q) => q.id === 'who')!.text);
    expect(textOf(full.value)).toContain(pack.schools[0]!.roles['esafety-lead']!.title);
    const back = executeActions(full.value).find((a) => a.verb === 'show-summary');
    const summary = await press(dsl, dslChannel, 'show-summary', back!.data);
    expect(textOf(summary.value)).not.toContain('keeps messaging');
    expect(executeActions(summary.value).map((a) => a.verb)).toContain('close');
    const noOutcome = await press(dsl, dslChannel, 'close', { ...data, outcome: '' });
    expect(JSON.stringify(noOutcome)).toMatch(/outcome/);
    const closed = await press(dsl, dslChannel, 'close', { ...data, outcome: 'CEOP report made; parents supported.' });
    expect(textOf(closed.value)).toMatch(/Closed/);
  });

  it('in a channel, /report only says it has messaged you privately', async () => {
    const res = await post(harness.bot.url, messageActivity(connector.url, teacher, dslChannel, '<at>eSafety</at> report'));
    const said = JSON.stringify(res.body);
    expect(said).toMatch(/private/);
    expect(said).not.toMatch(/What happened/);
  });

  it('a tampered card payload changes nothing and says so', async () => {
    const bad = await press(teacher, teacherChat, 'report-next', { schoolId: 'oakfield-primary', wizardId: "x' OR 1=1 --", choice: 'x' });
    expect(textOf(bad.value)).toMatch(/not recognised/);
    const forged = await press(teacher, dslChannel, 'close', { schoolId: 'oakfield-primary', incidentId: 'inc-does-not-exist', outcome: 'x' });
    expect(JSON.stringify(forged)).toMatch(/could not be found/);
  });

  it('a double press of "Send report" makes one incident and one escalation', async () => {
    await post(harness.bot.url, messageActivity(connector.url, dsl, dslChannel, 'register dsl channel'));
    const { ids } = await reportGrooming();
    const again = await press(teacher, teacherChat, 'report-submit', ids);
    expect(textOf(again.value)).toContain('ES-2026-0001');
    const incidents = await harness.bot.deps.store.count('incidents', {});
    expect(incidents).toBe(1);
    await harness.bot.jobs.flush();
    expect(connector.calls.filter((c) => c.conversationId.startsWith('19:safeguarding') && c.method === 'POST')).toHaveLength(1);
  });

  it('without a DSL channel the DSL gets the card one-to-one; a 429 is retried, not dropped', async () => {
    await post(harness.bot.url, messageActivity(connector.url, dsl, dslChat, 'hello'));
    await reportGrooming();
    connector.failNext(429, 10, 0);
    await harness.bot.jobs.flush();
    expect(connector.calls.filter((c) => c.conversationId === 'a:dsl-chat')).toHaveLength(0);
    const pending = await harness.bot.deps.store.count('outbox', { where: [{ field: 'status', op: '=', value: 'pending' }] });
    expect(pending).toBeGreaterThan(0);
    // Once Teams accepts again (and the backoff has passed), the same messages go out.
    connector.failNext(429, 0);
    await harness.bot.deps.store
      .query('outbox', {})
      .then((all) => Promise.all(all.map(({ _etag, ...m }) => harness.bot.deps.store.replace('outbox', { ...m, dueAt: new Date(0).toISOString() }, _etag))));
    await harness.bot.jobs.flush();
    // Exactly one case card, and one card with the task the demo DSL has as online-safety co-ordinator.
    const posts = connector.calls.filter((c) => c.conversationId === 'a:dsl-chat' && c.method === 'POST').map((c) => cardOf(c.body));
    const caseCards = posts.filter((card) => executeActions(card).some((a) => a.verb === 'acknowledge'));
    expect(caseCards).toHaveLength(1);
    expect(posts.filter((card) => texts(card)[0]?.startsWith('Your task for ES-2026-0001'))).toHaveLength(1);
  });

  it('a restart in the middle of a report loses nothing: the same card carries on', async () => {
    const started = await post(harness.bot.url, messageActivity(connector.url, teacher, teacherChat, 'report'));
    const first = executeActions(cardOf(started.body.activities[0])).find((a) => a.verb === 'report-next')!;
    const second = (await press(teacher, teacherChat, 'report-next', { ...first.data, choice: 'filtering-breach' })).value;
    const next = executeActions(second).find((a) => a.verb === 'report-next')!;

    await harness.stop(true); // like a deploy or a crash: the process goes, the data stays
    harness = await startTestBot(harness.dataDir);

    const after = await press(teacher, teacherChat, 'report-next', { ...next.data, choice: 'got-through' });
    expect(textOf(after.value)).not.toMatch(/could not be found|not recognised/);
    expect(executeActions(after.value).find((a) => a.verb === 'report-next')?.data.revision).toBe(Number(next.data.revision) + 1);
  });
});
