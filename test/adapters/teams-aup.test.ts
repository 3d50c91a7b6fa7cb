/** The AUP in Teams through the real adapter: status, signing from the card, reminders, the lead's view, roster changes. */
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Signature } from '../../src/core/aup/aup-records';
import type { Person } from '../../src/core/people/person-record';
import { sweepAupReminders } from '../../src/core/aup/sweep-reminders';
import { actionActivity, conversation, executeActions, messageActivity, post, TENANT, type TeamsUser } from '../builders/teams-activity';
// Alex Wilber is named in the demo pack as a DSL and as an online-safety co-ordinator.
import { DSL as lead, TEACHER as teacher, useTeamsBot } from '../builders/teams-harness';
import { shippedPack } from '../builders/temp-store';

const teacherChat = conversation('personal', 'a:teacher-chat');
const leadChat = conversation('personal', 'a:lead-chat');
const staffChannel = conversation('channel', '19:staffroom@thread.tacv2;messageid=1');

// Monday 23 November 2026, 10:00 in London: a school day in working hours.
const env = useTeamsBot('2026-11-23T10:00:00Z');

const text = (x: unknown) => JSON.stringify(x);
const say = (user: TeamsUser, conv: ReturnType<typeof conversation>, words: string) => post(env.harness.bot.url, messageActivity(env.connector.url, user, conv, words));
const cardIn = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content;
async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(env.harness.bot.url, actionActivity(env.connector.url, user, conv, verb, data));
  return res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
}
const signatures = () => env.harness.bot.deps.store.query<Signature>('signatures', {});

test('a new member of staff is reminded, reads the summary and signs; the signature keeps a hash of the text', async () => {
  await say(teacher, teacherChat, 'hello');
  const result = await sweepAupReminders(env.harness.bot.deps);
  expect(result.reminders).toBe(1);
  await env.harness.bot.jobs.flush();
  const reminder = env.connector.calls.find((c) => c.conversationId === 'a:teacher-chat' && text(c.body).includes('Reminder: please read and sign'));
  const card = reminder?.body.attachments[0].content;
  expect(text(card)).toContain('Staff, governor and volunteer acceptable use agreement');
  expect(text(card)).toContain('You have not signed it yet. It is due today.');
  const sign = executeActions(card).find((a) => a.verb === 'aup-sign');
  expect(sign?.title).toBe('I have read and agree');

  const signed = await press(teacher, teacherChat, 'aup-sign', sign!.data);
  expect(text(signed)).toContain('You signed version 2026.1');
  expect(executeActions(signed).map((a) => a.verb)).not.toContain('aup-sign');
  const [signature] = await signatures();
  const version = shippedPack.aup.documents[0]!.versions.at(-1)!;
  expect(signature).toMatchObject({ personId: 'teams:aad-teacher', documentId: 'staff-aup', version: '2026.1', channel: 'teams', signedAt: env.now.toISOString() });
  expect(signature?.textHash).toBe(
    createHash('sha256')
      .update(version.text ?? '')
      .digest('hex'),
  );

  // Pressing again, or the same reminder later, records nothing new.
  await press(teacher, teacherChat, 'aup-sign', sign!.data);
  expect(await signatures()).toHaveLength(1);
  // Signed: the next sweep sends nothing.
  env.now = new Date('2026-11-30T10:00:00Z');
  expect((await sweepAupReminders(env.harness.bot.deps)).reminders).toBe(0);
});

test('"aup" shows my own status; an old or tampered card signs nothing', async () => {
  const card = cardIn(await say(teacher, teacherChat, 'aup'));
  expect(text(card)).toContain('In short');
  const data = executeActions(card).find((a) => a.verb === 'aup-sign')!.data;
  expect(text(await press(teacher, teacherChat, 'aup-sign', { ...data, version: '2025.1' }))).toContain('That was an older version');
  expect(text(await press(teacher, teacherChat, 'aup-sign', { documentId: 'staff-aup; drop', version: '2026.1' }))).toContain('not recognised');
  expect(await signatures()).toHaveLength(0);
});

test('"aup status" shows the lead who has signed; others are refused and it never shows in a channel', async () => {
  await say(teacher, teacherChat, 'hello');
  const refused = cardIn(await say(teacher, teacherChat, 'aup status'));
  expect(text(refused)).toContain('Only the people named for this');
  const inChannel = cardIn(await say(lead, staffChannel, 'aup status'));
  expect(text(inChannel)).toContain('Please ask me in a 1:1 chat');
  const status = cardIn(await say(lead, leadChat, 'aup status'));
  expect(text(status)).toContain('Staff, governor and volunteer acceptable use agreement (version 2026.1): 0 of 2 signed and in date (0%)');
  const audits = await env.harness.bot.deps.store.query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: 'aup.read-compliance' }] });
  expect(audits.map((a) => a.outcome).sort()).toEqual(['ok', 'refused']);
});

test('the lead adds a visitor; someone removed from the team is never reminded', async () => {
  const added = cardIn(await say(lead, leadChat, 'aup add Chris Visitor, visitor, chris@example.org'));
  expect(text(added)).toContain('Added to the register');
  const bad = cardIn(await say(lead, leadChat, 'aup add Someone, alien'));
  expect(text(bad)).toContain('the audience must be one of staff, visitor, parent, pupil');
  await say(teacher, teacherChat, 'hello');
  await post(env.harness.bot.url, {
    ...messageActivity(env.connector.url, lead, staffChannel, ''),
    type: 'conversationUpdate',
    text: undefined,
    membersRemoved: [{ id: teacher.id, aadObjectId: teacher.aadObjectId, name: teacher.name }],
    channelData: { tenant: { id: TENANT }, eventType: 'teamMemberRemoved' },
  });
  const people = await env.harness.bot.deps.store.query<Person>('people', {});
  expect(people.find((p) => p.id === 'teams:aad-teacher')?.status).toBe('left');
  expect(people.find((p) => p.name === 'Chris Visitor')).toMatchObject({ audience: 'visitor', email: 'chris@example.org', status: 'active' });
  const swept = await sweepAupReminders(env.harness.bot.deps);
  await env.harness.bot.jobs.flush();
  expect(env.connector.calls.some((c) => c.conversationId === 'a:teacher-chat' && text(c.body).includes('Reminder'))).toBe(false);
  // The visitor has no chat identity to remind; the lead still sees them as due in "aup status".
  expect(swept.reminders).toBe(1);
});

test('when the bot is added to a team, its whole roster (every page) joins the register', async () => {
  env.connector.setRoster([
    { id: '29:a', aadObjectId: 'aad-a', name: 'Ann Able' },
    { id: '29:b', aadObjectId: 'aad-b', name: 'Ben Baker' },
    { id: '29:c', aadObjectId: 'aad-c', name: 'Cat Cole' },
  ]);
  await post(env.harness.bot.url, {
    ...messageActivity(env.connector.url, lead, staffChannel, ''),
    type: 'conversationUpdate',
    text: undefined,
    membersAdded: [{ id: '28:esafety-bot', name: 'eSafety' }],
    channelData: { tenant: { id: TENANT }, team: { id: 'team-1' }, eventType: 'teamMemberAdded' },
  });
  const people = await env.harness.bot.deps.store.query<Person>('people', {});
  expect(people.map((p) => p.name).sort()).toEqual(['Ann Able', 'Ben Baker', 'Cat Cole']);
  expect(people.every((p) => p.status === 'active' && p.audience === 'staff' && p.firstSeenAt === env.now.toISOString())).toBe(true);
  expect(env.connector.calls.filter((c) => c.method === 'GET')).toHaveLength(2);
});
