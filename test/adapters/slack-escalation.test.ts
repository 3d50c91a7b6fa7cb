/**
 * DSL escalation in Slack through the real receiver: the channel message, every action (buttons and the
 * forms they open), refusals for people who may not act, staff and head concerns by DM, urgent nags,
 * Slack's rate limit, and the Home tab.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Incident } from '../../src/core/incidents/incident';
import { nagUrgentIncidents } from '../../src/core/incidents/nag-urgent';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { homeOpened } from '../builders/slack-request';
import { SlackUser, buttonsIn, viewText, SLACK_TEACHER } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
let now = Date.parse('2026-11-23T10:00:00Z');
const clock = { now: () => new Date(now) };

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
let deputy: SlackUser;
beforeEach(async () => {
  now = Date.parse('2026-11-23T10:00:00Z');
  harness = await startSlackBot({ clock });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  // The demo pack names these Slack users as Oakfield's DSL and deputy.
  dsl = new SlackUser({ id: 'U0DEMO001', name: 'alex.wilber' }, harness.slackUrl, harness.api);
  deputy = new SlackUser({ id: 'U0DEMO002', name: 'jaya.patel' }, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const incident = async () => (await store().query<Incident>('incidents', {}))[0] as Incident;
const audits = (action: string) => store().query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: action }] });
const postsTo = (channel: string) => harness.api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

async function registerChannel() {
  const reply = await dsl.slash('register dsl channel', SAFEGUARDING);
  expect(reply.json?.text).toContain('Done');
}

/** Reports grooming as the teacher and returns the escalation message posted in the channel. */
async function escalated(immediateRisk: 'yes' | 'no' = 'no') {
  await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact', { immediateRisk });
  await harness.bot.jobs.flush();
  const [post] = postsTo(SAFEGUARDING.id);
  expect(post).toBeDefined();
  return { ts: post?.answer?.ts as string, blocks: post?.args.blocks as any[], text: post?.args.text as string };
}

async function latestUpdate(count = 1) {
  const updates = await harness.api.waitFor('chat.update', count);
  return updates[updates.length - 1]?.args;
}

/** The latest `chat.update` of the card in `channel` (task holders' DMs are updated too). */
async function latestUpdateIn(channel: string) {
  const until = Date.now() + 5000;
  for (;;) {
    const updates = harness.api.callsTo('chat.update').filter((c) => c.args.channel === channel);
    if (updates.length) return updates[updates.length - 1]?.args;
    if (Date.now() > until) throw new Error(`no chat.update in ${channel}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const caseButtons = (blocks: any[]) =>
  buttonsIn(blocks)
    .filter((b) => b.block_id?.startsWith('incident-actions:'))
    .map((b) => b.action_id);

test('only a DSL can register the channel; the escalation there shows the minimum and the actions', async () => {
  const refused = await teacher.slash('register dsl channel', SAFEGUARDING);
  expect(refused.json?.text).toContain('Only the Designated Safeguarding Lead or a deputy');
  expect((await audits('slack.register-dsl-channel')).map((a) => a.outcome)).toEqual(['refused']);
  await registerChannel();
  const message = await escalated();
  const reported = await incident();
  expect(message.text).toContain(reported.reference);
  expect(caseButtons(message.blocks)).toEqual(['acknowledge', 'assign', 'add-note', 'refer', 'no-referral', 'close', 'full-record']);
  // The safeguarding team's own tasks are on the card, each with Done and Not needed.
  const teamTasks = reported.tasks.filter((t) => t.ownerRole === 'dsl' || t.ownerRole === 'deputy-dsl');
  expect(teamTasks.length).toBeGreaterThan(0);
  const token = (taskId: string) => `${reported.schoolId}/${reported.id}/${taskId}`;
  expect(
    buttonsIn(message.blocks)
      .filter((b) => b.action_id === 'task-done')
      .map((b) => b.value),
  ).toEqual(teamTasks.map((t) => token(t.id)));
  expect(
    buttonsIn(message.blocks)
      .filter((b) => b.action_id === 'task-not-needed')
      .map((b) => b.value),
  ).toEqual(teamTasks.map((t) => token(t.id)));
  for (const task of teamTasks) expect(JSON.stringify(message.blocks)).toContain(task.text.slice(0, 40));
  const everything = JSON.stringify(message);
  expect(everything).not.toContain('J.S.');
  expect(everything).not.toContain('keeps messaging');
  expect(everything).not.toContain('During the lesson');
  expect(blockKitProblems({ text: message.text, blocks: message.blocks }, 'message')).toEqual([]);
  // The head has nothing to do in it, so is told for information only.
  expect(
    postsTo('U0DEMO004')
      .map((c) => c.args.text)
      .join(' '),
  ).toContain('For your information');
  // Alex, also the online-safety co-ordinator, gets that task one-to-one, not the card a second time.
  const alex = postsTo('U0DEMO001');
  expect(alex).toHaveLength(1);
  expect(alex[0]?.args.text).toContain('Your task for');
  expect(buttonsIn(alex[0]?.args.blocks).map((b) => b.action_id)).toEqual(['task-done', 'task-not-needed', 'add-note', 'full-record']);
  // The network manager gets his task; nobody else is messaged.
  expect(postsTo('U0DEMO006')[0]?.args.text).toContain('Your task for');
  const dms = new Set(
    harness.api
      .callsTo('chat.postMessage')
      .map((c) => c.args.channel)
      .filter((c) => c !== SAFEGUARDING.id),
  );
  expect([...dms].sort()).toEqual(['U0DEMO001', 'U0DEMO004', 'U0DEMO006', 'U0TEACH01']);
  for (const call of harness.api.callsTo('chat.postMessage')) expect(blockKitProblems(call.args, 'message')).toEqual([]);
});

test('Acknowledge updates the message in place and tells the reporter without details', async () => {
  await registerChannel();
  const message = await escalated();
  const reply = await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'acknowledge');
  expect(reply.status).toBe(200);
  const update = await latestUpdateIn(SAFEGUARDING.id);
  expect(update?.ts).toBe(message.ts);
  expect(JSON.stringify(update?.blocks)).toContain('Acknowledged');
  expect(JSON.stringify(update?.blocks)).toContain('Alex Wilber');
  expect(caseButtons(update?.blocks)).not.toContain('acknowledge');
  // The card keeps its layout: the team's tasks are still on it.
  expect(buttonsIn(update?.blocks).map((b) => b.action_id)).toContain('task-done');
  await harness.bot.jobs.flush();
  const news = postsTo('U0TEACH01')
    .map((c) => c.args.text)
    .join(' ');
  expect(news).toContain('picked up by the safeguarding team');
  expect(news).not.toContain('J.S.');
  expect((await incident()).status).toBe('acknowledged');
});

test('someone who is not a DSL is refused in an ephemeral message, the attempt audited, nothing changed', async () => {
  await registerChannel();
  const message = await escalated();
  await teacher.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'acknowledge');
  const [ephemeral] = await harness.api.waitFor('chat.postEphemeral');
  expect(ephemeral?.args).toMatchObject({ channel: SAFEGUARDING.id, user: 'U0TEACH01' });
  expect(ephemeral?.args.text).toContain("Only the people named for this in the school's policy can act on this incident");
  expect((await incident()).status).toBe('reported');
  expect((await audits('incident.acknowledge')).map((a) => a.outcome)).toEqual(['refused']);
  await teacher.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'full-record');
  await harness.api.waitFor('chat.postEphemeral', 2);
  expect(harness.api.callsTo('views.open').filter((c) => c.args.view?.title?.text === 'Full record')).toHaveLength(0);
});

test('a tampered button value is refused in plain words and changes nothing', async () => {
  await registerChannel();
  const message = await escalated();
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'acknowledge', 'oakfield-primary/../../etc');
  const [ephemeral] = await harness.api.waitFor('chat.postEphemeral');
  expect(ephemeral?.args.text).toContain('not recognised');
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'acknowledge', 'riverside-academy/inc-someone-else');
  const second = (await harness.api.waitFor('chat.postEphemeral', 2))[1];
  expect(second?.args.text).toContain('could not be found');
  expect((await incident()).status).toBe('reported');
});

test('Assign, Add note, Refer and Close through their forms; a missing reason or outcome is shown on the field', async () => {
  await registerChannel();
  const message = await escalated();
  const open = () => harness.api.callsTo('views.open').length;

  let before = open();
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'assign');
  const form = await dsl.openedForm(before);
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  const jaya = form.blocks.find((b: any) => b.block_id === 'assignee').element.options.find((o: any) => o.text.text === 'Jaya Patel');
  dsl.fill({ assignee: jaya.value });
  expect((await dsl.submit()).status).toBe(200);
  expect((await incident()).owner?.name).toBe('Jaya Patel');

  before = open();
  await deputy.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'add-note');
  await deputy.openedForm(before);
  const empty = await deputy.submit();
  expect(empty.json).toEqual({ response_action: 'errors', errors: { note: 'Please write the note.' } });
  deputy.fill({ note: 'Spoke to parents at 3pm.' });
  expect((await deputy.submit()).status).toBe(200);

  before = open();
  await deputy.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'refer');
  await deputy.openedForm(before);
  deputy.fill({ agency: 'ceop', note: 'CEOP ref 12345' });
  await deputy.submit();
  expect((await incident()).status).toBe('referred');

  before = open();
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'no-referral');
  await dsl.openedForm(before);
  dsl.fill({ reason: 'Changed my mind' });
  const already = await dsl.submit();
  expect(already.json?.response_action).toBe('update');
  expect(viewText(already.json?.view)).toContain('already been referred');

  before = open();
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'close');
  await dsl.openedForm(before);
  expect((await dsl.submit()).json?.errors).toEqual({ outcome: 'Please write the outcome.' });
  dsl.fill({ outcome: 'Parents informed, CEOP referral made, pupil supported.' });
  await dsl.submit();
  const closed = await incident();
  expect(closed.status).toBe('closed');
  expect(closed.chronology.map((c) => c.action)).toEqual(expect.arrayContaining(['assigned', 'note', 'referred', 'closed']));
  await harness.bot.jobs.flush();
  const last = await latestUpdateIn(SAFEGUARDING.id);
  expect(buttonsIn(last?.blocks).map((b) => b.action_id)).toEqual(['full-record']);
  expect(JSON.stringify(last?.blocks)).toContain('Closed');
  // The task holders' messages are redrawn too: no task buttons once the incident is closed.
  const samCopy = harness.api
    .callsTo('chat.update')
    .filter((c) => c.args.channel === 'D0DEMO006')
    .at(-1)?.args;
  expect(buttonsIn(samCopy?.blocks).map((b) => b.action_id)).toEqual(['full-record']);
  expect(JSON.stringify(samCopy?.blocks)).toContain('This incident is closed');
});

test('Decision not to refer needs a reason and is recorded', async () => {
  await registerChannel();
  const message = await escalated();
  const before = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'no-referral');
  await dsl.openedForm(before);
  expect((await dsl.submit()).json?.errors).toEqual({ reason: 'Please write the reason for not referring.' });
  dsl.fill({ reason: 'Threshold not met after discussion with the LADO.' });
  await dsl.submit();
  const decided = await incident();
  expect(decided.status).toBe('not-referred');
  expect(decided.noReferralReason).toBe('Threshold not met after discussion with the LADO.');
});

test('Full record opens in a modal for a DSL, with the details, and the read is audited', async () => {
  await registerChannel();
  const message = await escalated();
  const before = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, message.ts, message.blocks, 'full-record');
  const record = await dsl.openedForm(before);
  expect(record.title.text).toBe('Full record');
  expect(viewText(record)).toContain('During the lesson a pupil showed me the screen');
  expect(viewText(record)).toContain('Confidential');
  expect(blockKitProblems(record, 'modal')).toEqual([]);
  expect((await audits('incident.full-record')).map((a) => [a.outcome, a.actor.userId])).toEqual([['ok', 'U0DEMO001']]);
});

test('a concern about staff goes to the head by DM, about the head to the chair, never to the channel', async () => {
  await registerChannel();
  await walkSlackReport(harness, teacher, 'adult-misuse-of-school-it');
  await harness.bot.jobs.flush();
  expect(postsTo('U0DEMO004').length).toBeGreaterThan(0);
  expect(postsTo(SAFEGUARDING.id)).toHaveLength(0);
  await walkSlackReport(harness, teacher, 'head-teacher-misuse');
  await harness.bot.jobs.flush();
  expect(postsTo('U0DEMO005').length).toBeGreaterThan(0);
  expect(postsTo(SAFEGUARDING.id)).toHaveLength(0);
});

test('an urgent concern @mentions the safeguarding team and nags until acknowledged', async () => {
  await registerChannel();
  const message = await escalated('yes');
  expect(JSON.stringify(message.blocks)).toContain('<@U0DEMO001>');
  expect(JSON.stringify(message.blocks)).toContain('<@U0DEMO002>');
  now += 6 * 60_000;
  await nagUrgentIncidents(harness.bot.deps);
  await harness.bot.jobs.flush();
  const nag = postsTo(SAFEGUARDING.id).at(-1)?.args;
  expect(nag?.text).toContain('URGENT and still not acknowledged');
  expect(buttonsIn(nag?.blocks).map((b) => b.action_id)).toEqual(['acknowledge']);
  expect(JSON.stringify(nag?.blocks)).toContain('<@U0DEMO002>');
  await dsl.pressOnMessage(SAFEGUARDING.id, '1700000000.000999', nag?.blocks, 'acknowledge');
  await latestUpdate();
  now += 6 * 60_000;
  expect(await nagUrgentIncidents(harness.bot.deps)).toBe(0);
});

test('past the time limit the head is nagged one-to-one but is not asked to acknowledge: only a lead may', async () => {
  await registerChannel();
  await escalated('yes');
  now += 16 * 60_000;
  await nagUrgentIncidents(harness.bot.deps);
  await harness.bot.jobs.flush();
  const head = postsTo('U0DEMO004').find((c) => String(c.args.text).includes('URGENT and still not acknowledged'));
  expect(head).toBeDefined();
  expect(blockKitProblems(head?.args, 'message')).toEqual([]);
  expect(buttonsIn(head?.args.blocks)).toHaveLength(0);
  expect(JSON.stringify(head?.args.blocks)).toContain('Please check that the Designated Safeguarding Lead and deputies has seen it');
  const channelNag = postsTo(SAFEGUARDING.id).at(-1)?.args;
  expect(buttonsIn(channelNag?.blocks).map((b) => b.action_id)).toEqual(['acknowledge']);
});

test("Slack's rate limit is honoured: the message waits for Retry-After and is then sent, never dropped", async () => {
  await registerChannel();
  harness.api.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
  await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact');
  await harness.bot.jobs.flush();
  const waiting = await store().query<OutboxMessage>('outbox', { where: [{ field: 'status', op: '=', value: 'pending' }] });
  expect(waiting).toHaveLength(1);
  expect(waiting[0]?.lastError).toBe('Slack rate limit');
  expect(Date.parse(waiting[0]?.dueAt ?? '') - now).toBeGreaterThanOrEqual(30_000);
  now += 31_000;
  await harness.bot.jobs.flush();
  expect(await store().count('outbox', { where: [{ field: 'status', op: '=', value: 'pending' }] })).toBe(0);
});

test('App Home: a DSL sees the open queue with the actions; a teacher sees only their own reports', async () => {
  await registerChannel();
  await escalated();
  const reference = (await incident()).reference;
  await homeOpened(harness.slackUrl, dsl.ref);
  const [dslHome] = await harness.api.waitFor('views.publish');
  expect(dslHome?.args.user_id).toBe('U0DEMO001');
  expect(viewText(dslHome?.args.view)).toContain('Open incidents you can act on');
  expect(viewText(dslHome?.args.view)).toContain(reference);
  expect(buttonsIn(dslHome?.args.view.blocks).map((b) => b.action_id)).toContain('acknowledge');
  expect(blockKitProblems(dslHome?.args.view, 'home')).toEqual([]);

  await homeOpened(harness.slackUrl, teacher.ref);
  const teacherHome = (await harness.api.waitFor('views.publish', 2))[1];
  expect(viewText(teacherHome?.args.view)).toContain(reference);
  expect(viewText(teacherHome?.args.view)).not.toContain('Open incidents');
  expect(buttonsIn(teacherHome?.args.view.blocks).map((b) => b.action_id)).toEqual(['report-start']);
  expect(JSON.stringify(teacherHome?.args.view)).not.toContain('During the lesson');
});
