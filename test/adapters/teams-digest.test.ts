/** The weekly digest in Teams through the real adapter: delivered to the head on Monday, `digest` on demand, refusals. */
import { queueWeeklyDigests } from '../../src/core/digest/digest-jobs';
import { conversation, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { startTestBot } from '../builders/teams-bot';
import { generateIncident, PUPIL_NAME, seeded } from '../builders/incident-fixtures';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';

const head: TeamsUser = { id: 'user-id-2', aadObjectId: 'aad-head', name: 'Adele Vance' };
const teacher: TeamsUser = { id: '29:teacher', aadObjectId: 'aad-teacher', name: 'Sam Teacher' };
const headChat = conversation('personal', 'a:head-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');

let now = new Date('2026-11-23T08:15:00Z');
const clock = { now: () => now };
let connector: FakeConnector;
let harness: Awaited<ReturnType<typeof startTestBot>>;
beforeEach(async () => {
  now = new Date('2026-11-23T08:15:00Z');
  connector = await startFakeConnector();
  harness = await startTestBot(undefined, clock);
  const random = seeded(7);
  for (let n = 0; n < 60; n++) {
    await harness.bot.deps.store.create('incidents', generateIncident(harness.bot.deps.pack, 'oakfield-primary', n, new Date(now.getTime() - Math.floor(random() * 50 * 86_400_000)), random));
  }
});
afterEach(async () => {
  await harness.stop();
  await connector.close();
});

const text = (x: unknown) => JSON.stringify(x);
const cardIn = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content;

test("on Monday morning the head gets this week's digest in their chat, once", async () => {
  await post(harness.bot.url, messageActivity(connector.url, head, headChat, 'hello'));
  await queueWeeklyDigests(harness.bot.deps, now);
  await queueWeeklyDigests(harness.bot.deps, now);
  await harness.bot.jobs.flush();
  const digests = connector.calls.filter((c) => c.conversationId === 'a:head-chat' && text(c.body).includes('Weekly online-safety digest'));
  expect(digests).toHaveLength(1);
  const card = digests[0]!.body.attachments[0].content;
  expect(text(card)).toContain('Oakfield Primary School');
  expect(text(card)).toContain('data:image/png;base64,');
  expect(text(card)).not.toContain(PUPIL_NAME.split(' ')[0]);
});

test('"digest" shows the head the digest now; a teacher is refused; not in a channel', async () => {
  const card = cardIn(await post(harness.bot.url, messageActivity(connector.url, head, headChat, 'digest')));
  expect(text(card)).toContain('Weekly online-safety digest: Oakfield Primary School');
  expect(text(card)).toContain('Details');
  expect(text(cardIn(await post(harness.bot.url, messageActivity(connector.url, teacher, teacherChat, 'digest'))))).toContain('Only the people named for this');
  const inChannel = cardIn(await post(harness.bot.url, messageActivity(connector.url, head, conversation('channel', '19:staff@thread.tacv2'), 'digest')));
  expect(text(inChannel)).toContain('Please ask me in a 1:1 chat');
  const report = await post(harness.bot.url, messageActivity(connector.url, head, headChat, 'digest governors 2026-09-01 2026-11-30'));
  expect(text(report.body)).toContain('reference,reported,type,safeguarding,urgent,status,referred_to,closed');
});
