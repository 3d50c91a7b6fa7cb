/**
 * Bringing a colleague in, through the real Teams entry point: the DSL opens the full record, presses
 * "Share with a colleague", fills in the form, and the class teacher gets the card in their 1:1 chat;
 * the record then says truthfully whether it reached them. The teacher reads the full record until the
 * date, marks their task done, and after the date (or a revoke) is refused, and the refusal audited.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { CoreDeps } from '../../src/core/deps';
import { SCHOOL, incident } from '../builders/case-file-incidents';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL as dsl, TEACHER as teacher, useTeamsBot } from '../builders/teams-harness';
import { cardProblems } from './teams-card-fixtures';

const env = useTeamsBot('2026-12-01T10:00:00Z');
const dslChat = conversation('personal', 'a:dsl-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');
const ref = { schoolId: SCHOOL, incidentId: 'inc-1' };

const deps = (): CoreDeps => env.harness.bot.deps;
async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(env.harness.bot.url, actionActivity(env.connector.url, user, conv, verb, data));
  return res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
}
const sentTo = (conversationId: string) => env.connector.calls.filter((c) => c.conversationId === conversationId).map((c) => c.body?.attachments?.[0]?.content);

async function setUp() {
  await deps().store.create('incidents', incident(1, 'online-bullying-of-pupil', 'Online bullying of a pupil', '2026-11-30T09:00:00.000Z'));
  // The teacher has opened a chat with the bot: they are on the register and can be reached.
  await post(env.harness.bot.url, messageActivity(env.connector.url, teacher, teacherChat, 'hi'));
  await post(env.harness.bot.url, messageActivity(env.connector.url, dsl, dslChat, 'hi'));
}

/** The DSL shares from the full record's form; returns the record card shown after saving. */
async function shareWithTeacher(values: Record<string, string>, who = 'Sam Teacher') {
  const record = await press(dsl, dslChat, 'full-record', ref);
  const open = executeActions(record).find((a) => a.verb === 'share-open-form');
  expect(open?.title).toBe('Share with a colleague');
  const form = await press(dsl, dslChat, 'share-open-form', open!.data);
  expect(cardProblems(form)).toEqual([]);
  const people = JSON.stringify(form).match(new RegExp(`"title":"${who}","value":"([^"]+)"`));
  expect(people).not.toBeNull();
  const save = executeActions(form).find((a) => a.verb === 'share-save')!;
  return press(dsl, dslChat, 'share-save', { ...save.data, person: people![1]!, until: '2027-01-31', reason: 'Class teacher: to watch for signs in class.', ...values });
}

it('shared read only: the teacher is told in their 1:1, the record says it reached them, and they can read it until the date, then are refused and audited', async () => {
  await setUp();
  expect(JSON.stringify(await press(teacher, teacherChat, 'full-record', ref))).toContain('Your attempt has been recorded');
  const after = JSON.stringify(await shareWithTeacher({ access: 'read' }));
  expect(after).toContain('Sam Teacher: read only, until 31 Jan 2027');
  await env.harness.bot.jobs.flush();
  const told = sentTo('a:teacher-chat').find((c) => JSON.stringify(c).includes('has shared'));
  expect(JSON.stringify(told)).toContain('Alex Wilber has shared ES-2026-0001 with you until 31 Jan 2027 (read only). Open the full record.');
  expect(cardProblems(told)).toEqual([]);
  // Only the reference and the reason: nothing of what was reported.
  expect(JSON.stringify(told)).not.toContain('What the reporter wrote');
  const open = executeActions(told).find((a) => a.verb === 'full-record')!;
  const read = JSON.stringify(await press(teacher, teacherChat, 'full-record', open.data));
  expect(read).toContain('What the reporter wrote');
  expect(read).not.toContain('share-open-form'); // a colleague is not offered the lead's sharing buttons
  // "Back to summary" takes them back to their own card, not the leads' case card.
  const back = executeActions(JSON.parse(read)).find((a) => a.verb === 'show-summary')!;
  const summary = JSON.stringify(await press(teacher, teacherChat, 'show-summary', back.data));
  expect(summary).toContain('Alex Wilber has shared ES-2026-0001 with you');
  expect(summary).not.toContain('acknowledge');
  // The lead's record now says the message reached them.
  expect(JSON.stringify(await press(dsl, dslChat, 'full-record', ref))).toContain('Sam Teacher was told');
  // And the lead is told so in their own chat, once it was true.
  expect(JSON.stringify(sentTo('a:dsl-chat'))).toContain('Sam Teacher has been told that ES-2026-0001 is shared with them: the message reached them');

  env.now = new Date('2027-02-01T09:00:00Z');
  expect(JSON.stringify(await press(teacher, teacherChat, 'full-record', open.data))).toContain('Your attempt has been recorded');
  const reads = await deps().store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'incident.full-record' }] });
  expect(reads.filter((e) => e.actor.userId === 'aad-teacher').map((e) => e.outcome)).toEqual(['refused', 'ok', 'refused']);
});

it('with a task: the teacher marks it done from their card; Revoke ends the share at once', async () => {
  await setUp();
  await shareWithTeacher({ access: 'task', taskText: 'Check in with the pupil each morning.', taskDue: '2026-12-04' });
  await env.harness.bot.jobs.flush();
  const told = sentTo('a:teacher-chat').find((c) => JSON.stringify(c).includes('has shared'));
  expect(JSON.stringify(told)).toContain('Your task: Check in with the pupil each morning.');
  const done = executeActions(told).find((a) => a.verb === 'share-task-done')!;
  expect(done.title).toBe('Mark the task done');
  const redrawn = JSON.stringify(await press(teacher, teacherChat, 'share-task-done', done.data));
  expect(redrawn).toContain('Done');
  expect(redrawn).not.toContain('share-task-done');
  const stored = await deps().store.get<any>('incidents', SCHOOL, 'inc-1');
  expect(stored.tasks.find((t: any) => t.id === 'share-1-task')).toMatchObject({ status: 'done', closedBy: { userId: 'aad-teacher' } });

  const record = await press(dsl, dslChat, 'full-record', ref);
  const revoke = executeActions(record).find((a) => a.verb === 'share-revoke')!;
  expect(revoke.title).toBe('Revoke (Sam Teacher)');
  expect(JSON.stringify(await press(teacher, teacherChat, 'share-revoke', revoke.data))).toContain('Your attempt has been recorded');
  expect(JSON.stringify(await press(dsl, dslChat, 'share-revoke', revoke.data))).toContain('revoked by Alex Wilber');
  expect(JSON.stringify(await press(teacher, teacherChat, 'full-record', ref))).toContain('Your attempt has been recorded');
});

it('a date in the past is refused on the form, with what was typed kept, and nothing is shared', async () => {
  await setUp();
  const form = JSON.stringify(await shareWithTeacher({ access: 'read', until: '2026-11-01' }));
  expect(form).toContain('cannot be in the past');
  expect(form).toContain('Class teacher: to watch for signs in class.');
  expect((await deps().store.get<any>('incidents', SCHOOL, 'inc-1')).shares).toBeUndefined();
});

it('a colleague the bot cannot reach: the lead is told it has NOT reached them, and the record says so', async () => {
  await setUp();
  // Sam Reid (the network manager in the demo pack) has never opened a chat with the bot.
  await shareWithTeacher({ access: 'read' }, 'Sam Reid');
  await env.harness.bot.jobs.flush();
  expect(JSON.stringify(sentTo('a:dsl-chat'))).toContain('has NOT reached them yet');
  expect(JSON.stringify(sentTo('a:dsl-chat'))).not.toContain('the message reached them');
  expect(JSON.stringify(await press(dsl, dslChat, 'full-record', ref))).toContain('NOT reached: Sam Reid could not be messaged');
});
