/** The weekly digest in Teams through the real adapter: delivered to the head on Monday, `digest` on demand, refusals. */
import { queueWeeklyDigests } from '../../src/core/digest/digest-jobs';
import { conversation, messageActivity, post } from '../builders/teams-activity';
import { HEAD as head, TEACHER as teacher, useTeamsBot } from '../builders/teams-harness';
import { generateIncident, PUPIL_NAME, seeded } from '../builders/incident-fixtures';

const headChat = conversation('personal', 'a:head-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');

const env = useTeamsBot('2026-11-23T08:15:00Z');
beforeEach(async () => {
  const random = seeded(7);
  for (let n = 0; n < 60; n++) {
    await env.harness.bot.deps.store.create(
      'incidents',
      generateIncident(env.harness.bot.deps.pack, 'oakfield-primary', n, new Date(env.now.getTime() - Math.floor(random() * 50 * 86_400_000)), random),
    );
  }
});

const text = (x: unknown) => JSON.stringify(x);
const cardIn = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content;

test("on Monday morning the head gets this week's digest in their chat, once", async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, head, headChat, 'hello'));
  await queueWeeklyDigests(env.harness.bot.deps, env.now);
  await queueWeeklyDigests(env.harness.bot.deps, env.now);
  await env.harness.bot.jobs.flush();
  const digests = env.connector.calls.filter((c) => c.conversationId === 'a:head-chat' && text(c.body).includes('Weekly online-safety digest'));
  expect(digests).toHaveLength(1);
  const card = digests[0]!.body.attachments[0].content;
  expect(text(card)).toContain('Oakfield Primary School');
  expect(text(card)).toContain('data:image/png;base64,');
  expect(text(card)).not.toContain(PUPIL_NAME.split(' ')[0]);
});

test('"digest" shows the head the digest now; a teacher is refused; not in a channel', async () => {
  const card = cardIn(await post(env.harness.bot.url, messageActivity(env.connector.url, head, headChat, 'digest')));
  expect(text(card)).toContain('Weekly online-safety digest: Oakfield Primary School');
  expect(text(card)).toContain('Details');
  expect(text(cardIn(await post(env.harness.bot.url, messageActivity(env.connector.url, teacher, teacherChat, 'digest'))))).toContain('Only the people named for this');
  const inChannel = cardIn(await post(env.harness.bot.url, messageActivity(env.connector.url, head, conversation('channel', '19:staff@thread.tacv2'), 'digest')));
  expect(text(inChannel)).toContain('Please ask me in a 1:1 chat');
  const report = await post(env.harness.bot.url, messageActivity(env.connector.url, head, headChat, 'digest governors 2026-09-01 2026-11-30'));
  expect(text(report.body)).toContain('reference,reported,type,safeguarding,urgent,status,referred_to,closed');
});
