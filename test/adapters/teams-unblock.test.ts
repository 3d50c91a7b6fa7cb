/**
 * Unblock requests and the filtering log in Teams through real Activity JSON posted to /api/messages:
 * a teacher asks for a site for the lesson; the technician gets the card, approves it; the teacher is
 * told until when; at the lesson's end the technician is reminded and presses Blocked again; the teacher
 * is told. A refusal needs a reason; the teacher (the requester) and a tampered card change nothing;
 * a forbidden site is refused at once and the online-safety lead told; the log and its CSV. Approved by the
 * lead instead, the technician is sent "unblock it now", reminded when it ends (after hours too) and blocks it again.
 * Once one approver answers, the other approver's card is updated in place: who decided what, no buttons.
 */
import { parse } from 'csv-parse/sync';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import { queueReblockReminders } from '../../src/core/filtering/reblock-reminders-job';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';

// Tuesday 1 December 2026, 11:20 in London: period 3 (11:10–12:10).
const env = useTeamsBot('2026-12-01T11:20:00Z');
const TECH: TeamsUser = { id: 'user-id-3', aadObjectId: 'aad-tech', name: 'Sam Reid' };
const teacherChat = conversation('personal', 'a:teacher-chat');
const techChat = conversation('personal', 'a:tech-chat');
const leadChat = conversation('personal', 'a:lead-chat');
const text = (x: unknown) => JSON.stringify(x);
const say = (who: TeamsUser, chat: ReturnType<typeof conversation>, words: string) => post(env.harness.bot.url, messageActivity(env.connector.url, who, chat, words));
const press = (who: TeamsUser, chat: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) =>
  post(env.harness.bot.url, actionActivity(env.connector.url, who, chat, verb, data));
const sentTo = (chatId: string, words: string) => env.connector.calls.filter((c) => c.conversationId === chatId && text(c.body).includes(words));
const entries = () => env.harness.bot.deps.store.query<FilteringEntry>('filtering', { schoolId: 'oakfield-primary' });

beforeEach(async () => {
  // Each person has opened a chat with the bot, so it can reach them.
  await say(TECH, techChat, 'help');
  await say(DSL, leadChat, 'help');
});

test('asked for the lesson, approved by the technician, reminded at the end, blocked again; the teacher hears each step', async () => {
  const asked = await say(TEACHER, teacherChat, 'unblock https://www.bbc.co.uk/bitesize for the lesson because Year 6 are researching volcanoes');
  expect(text(asked.body)).toContain('Unblock asked: www.bbc.co.uk/bitesize');
  expect(text(asked.body)).toContain('waiting for the Network Manager or Online Safety Co-ordinator');
  await env.harness.bot.jobs.flush();
  const [request] = sentTo('a:tech-chat', 'Unblock request: www.bbc.co.uk/bitesize');
  expect(request).toBeDefined();
  const card = request?.body.attachments[0].content;
  expect(text(card)).toContain('for the lesson (period 3, until 12:10)');
  const approve = executeActions(card).find((a) => a.verb === 'unblock-approve');
  expect(approve?.data).toEqual({ schoolId: 'oakfield-primary', ref: (await entries())[0]?.id });

  // The teacher may not approve their own request: refused, audited, nothing changed.
  const own = await press(TEACHER, teacherChat, 'unblock-approve', approve?.data ?? {});
  expect(text(own.body)).toContain('Your attempt has been recorded.');
  expect((await entries())[0]?.status).toBe('requested');
  const refusals = await env.harness.bot.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'filtering.unblock-approve' }] });
  expect(refusals.map((a) => a.outcome)).toEqual(['refused']);

  const approved = await press(TECH, techChat, 'unblock-approve', approve?.data ?? {});
  expect(text(approved.body)).toContain('Approved: unblock www.bbc.co.uk/bitesize now');
  expect(text(approved.body)).toContain('Unblock it now, until 12:10.');
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:teacher-chat', 'It is unblocked until 12:10, then it is blocked again.')).toHaveLength(1);

  env.now = new Date('2026-12-01T12:15:00Z');
  await queueReblockReminders(env.harness.bot.deps);
  await env.harness.bot.jobs.flush();
  const [reminder] = sentTo('a:tech-chat', 'Block it again: www.bbc.co.uk/bitesize');
  const blocked = executeActions(reminder?.body.attachments[0].content).find((a) => a.verb === 'unblock-reblocked');
  expect(blocked?.title).toBe('Blocked again');
  const pressed = await press(TECH, techChat, 'unblock-reblocked', blocked?.data ?? {});
  expect(text(pressed.body)).toContain('Blocked again by Sam Reid at 12:15.');
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:teacher-chat', 'The site you asked for is blocked again (12:15).')).toHaveLength(1);
  env.now = new Date('2026-12-01T13:20:00Z');
  expect((await queueReblockReminders(env.harness.bot.deps)).reminders).toBe(0);
});

test('refused needs a reason and tells the teacher it; a tampered card changes nothing', async () => {
  await say(TEACHER, teacherChat, 'unblock youtube.com/watch because a volcano video for period 4');
  await env.harness.bot.jobs.flush();
  const [request] = sentTo('a:tech-chat', 'Unblock request: youtube.com/watch');
  const refuse = executeActions(request?.body.attachments[0].content).find((a) => a.verb === 'unblock-refuse');
  const noReason = await press(TECH, techChat, 'unblock-refuse', { ...refuse?.data, refusalReason: ' ' });
  expect(text(noReason.body)).toContain('Say why it is refused');
  const tampered = await press(TECH, techChat, 'unblock-refuse', { schoolId: 'oakfield-primary', ref: { $gt: '' }, refusalReason: 'x' });
  expect(text(tampered.body)).toContain("This card's details were not recognised.");
  expect((await entries())[0]?.status).toBe('requested');
  const refused = await press(TECH, techChat, 'unblock-refuse', { ...refuse?.data, refusalReason: 'Use the copy on the school drive' });
  expect(text(refused.body)).toContain('Refused: youtube.com/watch');
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:teacher-chat', 'Sam Reid refused your request: Use the copy on the school drive')).toHaveLength(1);
});

test('a forbidden site is refused at once and the lead told; bad words get the usage; the log and its CSV', async () => {
  const forbidden = await say(TEACHER, teacherChat, 'unblock www.bet365.com for the lesson because probability');
  expect(text(forbidden.body)).toContain('Sites in this category are never unblocked at Oakfield Primary School: gambling.');
  const bad = await say(TEACHER, teacherChat, 'unblock ftp://files.example.org for the lesson because files');
  expect(text(bad.body)).toContain('Only web addresses (http or https) can be unblocked.');
  const usage = await say(TEACHER, teacherChat, 'unblock');
  const inChannel = await say(TEACHER, conversation('channel', '19:staff@thread.tacv2'), '<at>eSafety</at> unblock www.example.org for the lesson because a quiz');
  expect(text(inChannel.body)).toContain('Please ask me in a 1:1 chat');
  expect(text(usage.body)).toContain('Type: unblock <web address> for <how long> because <why>.');
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:lead-chat', 'Refused at once: a request to unblock www.bet365.com')).toHaveLength(1);
  expect(sentTo('a:tech-chat', 'Unblock request')).toHaveLength(0);
  expect(await entries()).toHaveLength(1);

  const block = await say(TECH, techChat, 'filtering block badsite.example because pupils found it');
  expect(text(block.body)).toContain('Logged: blocked badsite.example');
  const refusedLog = await say(TEACHER, teacherChat, 'filtering log');
  expect(text(refusedLog.body)).toContain('Your attempt has been recorded.');
  const log = await say(TECH, techChat, 'filtering log');
  expect(text(log.body)).toContain('Filtering log: Oakfield Primary School');
  const csv = await say(TECH, techChat, 'filtering log csv');
  const body = String(csv.body.activities.find((a: any) => a.text?.includes('```'))?.text ?? '');
  const rows = parse(body.split('```')[1]?.trim() ?? '', { columns: true }) as Array<Record<string, string>>;
  expect(rows.map((r) => `${r.kind} ${r.what} ${r.status}`).sort()).toEqual(['block badsite.example recorded', 'unblock www.bet365.com refused']);
});

test('approved by the online-safety lead: the technician is told to unblock it now, reminded when it ends after hours, presses Blocked again; the teacher is told', async () => {
  await say(TEACHER, teacherChat, 'unblock example.org/club until 16:45 because the after-school coding club');
  await env.harness.bot.jobs.flush();
  const [request] = sentTo('a:lead-chat', 'Unblock request: example.org/club');
  const approve = executeActions(request?.body.attachments[0].content).find((a) => a.verb === 'unblock-approve');
  expect(approve).toBeDefined();
  const approved = await press(DSL, leadChat, 'unblock-approve', approve?.data ?? {});
  // The lead approved but does not change the filter: their card says so, with nothing left for them to press.
  expect(text(approved.body)).toContain('Approved by Alex Wilber at');
  expect(text(approved.body)).not.toContain('Unblock it now');
  expect(executeActions(approved.body)).toEqual([]);
  await env.harness.bot.jobs.flush();

  // The technician did not approve it, so their chat gets the card saying what to do now.
  const [now] = sentTo('a:tech-chat', 'Approved: unblock example.org/club now');
  expect(now).toBeDefined();
  const nowCard = now?.body.attachments[0].content;
  expect(text(nowCard)).toContain('Approved by Alex Wilber. Unblock it now, until 16:45.');
  expect(text(nowCard)).toContain('will be reminded to block it again straight away, at any hour');
  expect(executeActions(nowCard).map((a) => a.verb)).toEqual(['unblock-reblocked']);
  expect(sentTo('a:teacher-chat', 'It is unblocked until 16:45, then it is blocked again.')).toHaveLength(1);

  // 16:45 is after working hours (16:30): the reminder still comes as soon as it ends.
  env.now = new Date('2026-12-01T16:40:00Z');
  expect((await queueReblockReminders(env.harness.bot.deps)).reminders).toBe(0);
  env.now = new Date('2026-12-01T16:50:00Z');
  expect((await queueReblockReminders(env.harness.bot.deps)).reminders).toBe(1);
  await env.harness.bot.jobs.flush();
  const [reminder] = sentTo('a:tech-chat', 'Block it again: example.org/club');
  expect(reminder).toBeDefined();
  expect(text(reminder?.body)).toContain('This unblock ended at 16:45.');
  const blocked = executeActions(reminder?.body.attachments[0].content).find((a) => a.verb === 'unblock-reblocked');
  const pressed = await press(TECH, techChat, 'unblock-reblocked', blocked?.data ?? {});
  expect(text(pressed.body)).toContain('Blocked again by Sam Reid at 16:50.');
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:teacher-chat', 'The site you asked for is blocked again (16:50).')).toHaveLength(1);

  const all = await entries();
  expect(all.find((e) => e.kind === 'unblock')).toMatchObject({ status: 're-blocked', reBlockedBy: { name: 'Sam Reid' }, decidedBy: { name: 'Alex Wilber' } });
  expect(all.filter((e) => e.kind === 're-block')).toEqual([expect.objectContaining({ what: 'example.org/club', status: 'recorded' })]);
  env.now = new Date('2026-12-02T08:40:00Z');
  expect((await queueReblockReminders(env.harness.bot.deps)).reminders).toBe(0);
});

test("approved by the technician: the online-safety lead's card is updated in place to say so, with no buttons; pressing Approve on it changes nothing", async () => {
  await say(TEACHER, teacherChat, 'unblock https://www.bbc.co.uk/bitesize for the lesson because Year 6 are researching volcanoes');
  await env.harness.bot.jobs.flush();
  const [techCard] = sentTo('a:tech-chat', 'Unblock request: www.bbc.co.uk/bitesize');
  const [leadCard] = sentTo('a:lead-chat', 'Unblock request: www.bbc.co.uk/bitesize');
  expect(leadCard).toMatchObject({ method: 'POST' });
  const approve = executeActions(techCard?.body.attachments[0].content).find((a) => a.verb === 'unblock-approve');
  const staleApprove = executeActions(leadCard?.body.attachments[0].content).find((a) => a.verb === 'unblock-approve');
  expect(staleApprove?.data).toEqual(approve?.data);

  await press(TECH, techChat, 'unblock-approve', approve?.data ?? {});
  const before = env.connector.calls.length;
  await env.harness.bot.jobs.flush();

  // The lead's card, the same activity, drawn again: who approved, until when, nothing left to press.
  const updates = env.connector.calls.slice(before).filter((c) => c.conversationId === 'a:lead-chat');
  expect(updates.map((c) => [c.method, c.activityId])).toEqual([['PUT', leadCard?.activityId]]);
  const redrawn = updates[0]?.body.attachments[0].content;
  expect(text(redrawn)).toContain('Approved: www.bbc.co.uk/bitesize');
  expect(text(redrawn)).toContain('Approved by Sam Reid at 11:20, until 12:10. Nobody else needs to answer this request.');
  expect(text(redrawn)).not.toContain('Approve it, or refuse it with a reason');
  expect(executeActions(redrawn)).toEqual([]);
  // The technician pressed on their own card, which the answer redrew: nothing more goes to them.
  expect(env.connector.calls.slice(before).filter((c) => c.conversationId === 'a:tech-chat')).toEqual([]);
  const outbox = await env.harness.bot.deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'unblock-request-update' }] });
  expect(outbox.map((m) => [m.to.kind === 'holder' && m.to.holder.name, m.status])).toEqual([['Alex Wilber', 'sent']]);

  // A forged press of Approve on the lead's old card: already answered, nothing changed.
  const stale = await press(DSL, leadChat, 'unblock-approve', staleApprove?.data ?? {});
  expect(text(stale.body)).toContain('This request was already answered (unblocked), so nothing was changed.');
  // …and the lead is not told to unblock it: that is the technician's job.
  expect(text(stale.body)).not.toContain('Unblock it now');
  expect(executeActions(stale.body)).toEqual([]);
  expect((await entries())[0]).toMatchObject({ status: 'unblocked', decidedBy: { name: 'Sam Reid' } });
  await env.harness.bot.jobs.flush();
  expect(sentTo('a:teacher-chat', 'It is unblocked until 12:10, then it is blocked again.')).toHaveLength(1);

  // Blocked again: both approvers' cards say so, in place; nobody is sent a new message about it but the teacher.
  env.now = new Date('2026-12-01T12:15:00Z');
  const reblocked = await press(TECH, techChat, 'unblock-reblocked', approve?.data ?? {});
  expect(text(reblocked.body)).toContain('Blocked again by Sam Reid at 12:15.');
  const beforeReblock = env.connector.calls.length;
  await env.harness.bot.jobs.flush();
  const redraws = env.connector.calls.slice(beforeReblock).filter((c) => c.conversationId !== 'a:teacher-chat');
  expect(redraws.map((c) => [c.conversationId, c.method, c.activityId]).sort()).toEqual(
    [
      ['a:lead-chat', 'PUT', leadCard?.activityId],
      ['a:tech-chat', 'PUT', techCard?.activityId],
    ].sort(),
  );
  for (const call of redraws) {
    expect(text(call.body)).toContain('Approved by Sam Reid at 11:20; blocked again by Sam Reid at 12:15.');
    expect(executeActions(call.body.attachments[0].content)).toEqual([]);
  }
});
