/**
 * Tasks and the truth about delivery in Slack, through the real receiver and a fake Slack Web API: a task
 * holder's DM and its Done / Not needed buttons (and refusals for anyone else), the delivery report that
 * names whom Slack refused, the team messaged directly when there is no channel, and `/report setup check`.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { remindOverdueTasks } from '../../src/core/incidents/remind-overdue-tasks';
import type { Incident } from '../../src/core/incidents/incident';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { SLACK_TEACHER, SlackUser, buttonsIn, viewText } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import type { SlackCall } from '../fakes/fake-slack-api';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
const SAM_DM = 'D0DEMO006';
let now = Date.parse('2026-11-23T10:00:00Z');
const clock = { now: () => new Date(now) };

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
let sam: SlackUser;
beforeEach(async () => {
  now = Date.parse('2026-11-23T10:00:00Z');
  harness = await startSlackBot({ clock });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  dsl = new SlackUser({ id: 'U0DEMO001', name: 'alex.wilber' }, harness.slackUrl, harness.api);
  // The demo pack's Network Manager at Oakfield.
  sam = new SlackUser({ id: 'U0DEMO006', name: 'sam.reid' }, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const incident = async () => (await store().query<Incident>('incidents', {}))[0] as Incident;
const audits = (action: string) => store().query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: action }] });
const postsTo = (channel: string) => harness.api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const okPostsTo = (channel: string) => postsTo(channel).filter((c) => c.answer?.ok === true);
const outbox = () => store().query<OutboxMessage>('outbox', {});

async function registerChannel() {
  expect((await dsl.slash('register dsl channel', SAFEGUARDING)).json?.text).toContain('Done');
}

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The latest chat.update in `channel` after `after` updates there. */
const updateIn = (channel: string, after: number) => until(`chat.update in ${channel}`, () => harness.api.callsTo('chat.update').filter((c) => c.args.channel === channel)[after]?.args);
const updatesIn = (channel: string) => harness.api.callsTo('chat.update').filter((c) => c.args.channel === channel).length;

async function reportSite() {
  await walkSlackReport(harness, teacher, 'inappropriate-site-deliberate');
  await harness.bot.jobs.flush();
  return incident();
}

/** The delivery report DM the reporter was sent, with its parts by heading. */
async function deliveryReport() {
  const call = await until('the delivery report', () => postsTo(SLACK_TEACHER.id).find((c) => String(c.args.text).startsWith('Who has been told about')));
  const sections: string[] = (call.args.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text as string);
  const part = (heading: string) =>
    sections
      .find((s) => s.startsWith(`*${heading}*`))
      ?.split('\n')
      .slice(1)
      .map((l) => l.replace(/^•\s+/, '')) ?? [];
  return { call, reached: part('Reached'), notReached: part('Not reached'), trying: part('Still trying'), text: sections.join('\n') };
}

/** Everyone the delivery report lists as reached was answered ok by Slack: in the channel, or one-to-one. */
function expectReachedWereSent(reached: string[], incidentNow: Incident) {
  expect(reached.length).toBeGreaterThan(0);
  for (const line of reached) {
    const person = incidentNow.routing.people.find((p) => line.startsWith(`${p.name},`));
    expect(person).toBeDefined();
    const where = line.includes('in the safeguarding channel') ? SAFEGUARDING.id : (person?.slackUserId as string);
    expect(okPostsTo(where).length).toBeGreaterThan(0);
  }
}

describe('a task holder in Slack', () => {
  test('the Network Manager gets his tasks by DM and presses Done: the message is redrawn and the chronology says so', async () => {
    await registerChannel();
    const reported = await reportSite();
    const samTasks = reported.tasks.filter((t) => t.ownerRole === 'it-technician');
    expect(samTasks.length).toBe(2);
    const [dm] = postsTo('U0DEMO006');
    expect(dm?.answer?.channel).toBe(SAM_DM);
    expect(dm?.args.text).toContain(`Your tasks for ${reported.reference}`);
    expect(blockKitProblems(dm?.args, 'message')).toEqual([]);
    for (const t of samTasks) expect(JSON.stringify(dm?.args.blocks)).toContain(t.text.slice(0, 40));
    // Only the minimum: nothing the teacher typed.
    expect(JSON.stringify(dm?.args)).not.toContain('J.S.');
    expect(JSON.stringify(dm?.args)).not.toContain('During the lesson');
    const token = (id: string) => `${reported.schoolId}/${reported.id}/${id}`;
    expect(buttonsIn(dm?.args.blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['task-done', token(samTasks[0]!.id)],
      ['task-not-needed', token(samTasks[0]!.id)],
      ['task-done', token(samTasks[1]!.id)],
      ['task-not-needed', token(samTasks[1]!.id)],
      ['add-note', `${reported.schoolId}/${reported.id}`],
      ['full-record', `${reported.schoolId}/${reported.id}`],
    ]);

    const before = updatesIn(SAM_DM);
    expect((await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'task-done', token(samTasks[0]!.id))).status).toBe(200);
    const update = await updateIn(SAM_DM, before);
    expect(update.ts).toBe(dm?.answer?.ts);
    expect(JSON.stringify(update.blocks)).toContain('Done by Sam Reid');
    expect(
      buttonsIn(update.blocks)
        .filter((b) => b.action_id === 'task-done')
        .map((b) => b.value),
    ).toEqual([token(samTasks[1]!.id)]);
    const after = await incident();
    expect(after.tasks.find((t) => t.id === samTasks[0]!.id)).toMatchObject({ status: 'done', closedBy: { userId: 'U0DEMO006', name: 'Sam Reid' } });
    expect(after.chronology.filter((c) => c.action === 'task-done').map((c) => c.by.name)).toEqual(['Sam Reid']);
    expect((await audits('incident.task-done')).map((a) => [a.outcome, a.actor.userId])).toEqual([['ok', 'U0DEMO006']]);
    // A second press on the old copy changes nothing and says why.
    await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'task-done', token(samTasks[0]!.id));
    const [again] = await harness.api.waitFor('chat.postEphemeral');
    expect(again?.args.text).toContain('already marked done by Sam Reid');
  });

  test("a teacher, or the DSL, pressing the Network Manager's Done is refused in plain words and audited; nothing changes", async () => {
    await registerChannel();
    const reported = await reportSite();
    const [dm] = postsTo('U0DEMO006');
    const task = reported.tasks.find((t) => t.ownerRole === 'it-technician')!;
    const token = `${reported.schoolId}/${reported.id}/${task.id}`;
    await teacher.pressOnMessage('D0TEACH01', dm?.answer?.ts, dm?.args.blocks, 'task-done', token);
    const [refusal] = await harness.api.waitFor('chat.postEphemeral');
    expect(refusal?.args).toMatchObject({ channel: 'D0TEACH01', user: SLACK_TEACHER.id });
    expect(refusal?.args.text).toContain("Only the people named for this in the school's policy can mark this task");
    await dsl.pressOnMessage('D0DEMO001', dm?.answer?.ts, dm?.args.blocks, 'task-done', token);
    await harness.api.waitFor('chat.postEphemeral', 2);
    expect((await audits('incident.task-done')).map((a) => [a.outcome, a.actor.userId]).sort()).toEqual([
      ['refused', 'U0DEMO001'],
      ['refused', SLACK_TEACHER.id],
    ]);
    const after = await incident();
    expect(after.tasks.find((t) => t.id === task.id)?.status ?? 'open').toBe('open');
    expect(after.chronology.map((c) => c.action)).not.toContain('task-done');
    // A tampered value is refused before anything is looked up.
    await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'task-done', `${reported.schoolId}/${reported.id}`);
    const tampered = (await harness.api.waitFor('chat.postEphemeral', 3))[2];
    expect(tampered?.args.text).toContain('not recognised');
  });

  test('Not needed asks for a reason (required), records it, and is refused to anyone else before a form opens', async () => {
    await registerChannel();
    const reported = await reportSite();
    const [dm] = postsTo('U0DEMO006');
    const task = reported.tasks.filter((t) => t.ownerRole === 'it-technician')[1]!;
    const token = `${reported.schoolId}/${reported.id}/${task.id}`;
    const opened = () => harness.api.callsTo('views.open').length;

    let before = opened();
    await teacher.pressOnMessage('D0TEACH01', dm?.answer?.ts, dm?.args.blocks, 'task-not-needed', token);
    const [refusal] = await harness.api.waitFor('chat.postEphemeral');
    expect(refusal?.args.text).toContain('can mark this task');
    expect(opened()).toBe(before);
    expect((await audits('incident.task-not-needed')).map((a) => [a.outcome, a.actor.userId])).toEqual([['refused', SLACK_TEACHER.id]]);

    before = opened();
    await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'task-not-needed', token);
    const form = await sam.openedForm(before);
    expect(blockKitProblems(form, 'modal')).toEqual([]);
    expect(form.private_metadata).toBe(token);
    expect(viewText(form)).toContain(task.text.slice(0, 40));
    const empty = await sam.submit();
    expect(empty.json).toEqual({ response_action: 'errors', errors: { reason: 'Please say why it is not needed.' } });
    expect((await incident()).tasks.find((t) => t.id === task.id)?.status ?? 'open').toBe('open');

    const updates = updatesIn(SAM_DM);
    sam.fill({ reason: 'The pupil used a phone hotspot, not the school network: there is no gap to close.' });
    expect((await sam.submit()).status).toBe(200);
    const after = await incident();
    expect(after.tasks.find((t) => t.id === task.id)).toMatchObject({ status: 'not-needed', reason: 'The pupil used a phone hotspot, not the school network: there is no gap to close.' });
    expect(after.chronology.find((c) => c.action === 'task-not-needed')?.detail).toContain('phone hotspot');
    const update = await updateIn(SAM_DM, updates);
    expect(JSON.stringify(update.blocks)).toContain('Not needed by Sam Reid');
    expect(JSON.stringify(update.blocks)).toContain('phone hotspot');
  });

  test('an overdue task reminds its holder with the same buttons; marking it redraws the reminder too', async () => {
    await registerChannel();
    const reported = await reportSite();
    const task = reported.tasks.find((t) => t.ownerRole === 'it-technician')!;
    // The next school day, mid-morning: past the task's due time and within school hours.
    now = Date.parse(task.due) + 20 * 3600_000;
    expect(await remindOverdueTasks(harness.bot.deps)).toBeGreaterThan(0);
    await harness.bot.jobs.flush();
    const reminder = await until('the reminder', () => postsTo('U0DEMO006').find((c) => String(c.args.text).startsWith('Overdue: your task for')));
    expect(blockKitProblems(reminder.args, 'message')).toEqual([]);
    expect(JSON.stringify(reminder.args.blocks)).toContain('OVERDUE');
    const token = `${reported.schoolId}/${reported.id}/${task.id}`;
    expect(
      buttonsIn(reminder.args.blocks)
        .filter((b) => b.action_id === 'task-done')
        .map((b) => b.value),
    ).toContain(token);
    const before = harness.api.callsTo('chat.update').filter((c) => c.args.ts === reminder.answer?.ts).length;
    await sam.pressOnMessage(SAM_DM, reminder.answer?.ts, reminder.args.blocks, 'task-done', token);
    const redrawn = await until('the reminder redrawn', () => harness.api.callsTo('chat.update').filter((c) => c.args.ts === reminder.answer?.ts)[before]?.args);
    expect(JSON.stringify(redrawn.blocks)).toContain('Done by Sam Reid');
    expect(buttonsIn(redrawn.blocks).map((b) => b.value)).not.toContain(token);
  });

  test('a task holder may add a note and read the full record, which says who was reached; the read is audited', async () => {
    await registerChannel();
    const reported = await reportSite();
    await harness.bot.jobs.flush();
    const [dm] = postsTo('U0DEMO006');
    const before = harness.api.callsTo('views.open').length;
    await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'full-record');
    const record = await sam.openedForm(before);
    expect(record.title.text).toBe('Full record');
    expect(viewText(record)).toContain('Sam Reid, Network Manager (has tasks): reached');
    expect(blockKitProblems(record, 'modal')).toEqual([]);
    expect((await audits('incident.full-record')).map((a) => [a.outcome, a.actor.userId])).toEqual([['ok', 'U0DEMO006']]);
    const noteForm = harness.api.callsTo('views.open').length;
    await sam.pressOnMessage(SAM_DM, dm?.answer?.ts, dm?.args.blocks, 'add-note');
    await sam.openedForm(noteForm);
    sam.fill({ note: 'Site added to the block list.' });
    expect((await sam.submit()).status).toBe(200);
    expect((await incident()).chronology.find((c) => c.action === 'note')).toMatchObject({ detail: 'Site added to the block list.', by: { name: 'Sam Reid' } });
    expect((await incident()).status).toBe(reported.status);
  });
});

describe('the truth about who was told', () => {
  test('when Slack refuses one holder, the delivery report names them as not reached, and everyone it lists as reached was sent', async () => {
    harness.api.refuse('U0DEMO006', 'user_not_found');
    await registerChannel();
    const reported = await reportSite();
    await harness.bot.jobs.flush();
    const receipt = postsTo(SLACK_TEACHER.id)[0];
    expect(JSON.stringify(receipt?.args.blocks)).toContain('Who it is going to');
    expect(JSON.stringify(receipt?.args.blocks)).toContain('Sam Reid');

    const report = await deliveryReport();
    expect(blockKitProblems(report.call.args, 'message')).toEqual([]);
    expect(report.notReached).toHaveLength(1);
    expect(report.notReached[0]).toContain('Sam Reid, Network Manager');
    expect(report.notReached[0]).toContain('Slack refused the message');
    expect(report.reached.join(' ')).not.toContain('Sam Reid');
    expect(report.text).toContain('Please tell Sam Reid yourself');
    expectReachedWereSent(report.reached, reported);
    expect(report.reached.some((l) => l.startsWith('Alex Wilber') && l.includes('in the safeguarding channel'))).toBe(true);
    expect(report.reached.some((l) => l.startsWith('Adele Vance'))).toBe(true);
    // Sam's message was never marked sent: it was refused, and is tried again later.
    const samMessage = (await outbox()).find((m) => m.to.kind === 'holder' && m.to.holder.slackUserId === 'U0DEMO006');
    expect(samMessage?.status).not.toBe('sent');
    expect(samMessage?.unreachable).toMatchObject({ reason: 'refused', detail: 'user_not_found' });
    // Nothing is "sent" that Slack did not acknowledge.
    for (const m of (await outbox()).filter((o) => o.status === 'sent' && o.platformMessageId)) {
      expect(harness.api.callsTo('chat.postMessage').some((c) => c.answer?.ts === m.platformMessageId)).toBe(true);
    }
  });

  test('with no safeguarding channel, the deliverer posts nowhere else: core messages the leads directly, and Megan (no Slack account) is named', async () => {
    await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact');
    await harness.bot.jobs.flush();
    await harness.bot.jobs.flush();
    const card = (await outbox()).find((m) => m.id.endsWith(':escalation'));
    expect(card).toMatchObject({ status: 'unreachable', unreachable: { reason: 'no-channel' } });
    expect(harness.api.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('C'))).toHaveLength(0);
    const alexCard = postsTo('U0DEMO001').find((c) => buttonsIn(c.args.blocks).some((b) => b.action_id === 'acknowledge'));
    const jayaCard = postsTo('U0DEMO002').find((c) => buttonsIn(c.args.blocks).some((b) => b.action_id === 'acknowledge'));
    expect(alexCard).toBeDefined();
    expect(jayaCard).toBeDefined();
    const report = await deliveryReport();
    expect(report.notReached.join(' ')).toContain('Megan Bowen');
    expect(report.notReached.join(' ')).toContain('the policy pack has no Slack account for them');
    expectReachedWereSent(report.reached, await incident());

    // Alex acknowledges in his DM: both leads' copies are redrawn.
    const jayaBefore = updatesIn('D0DEMO002');
    await dsl.pressOnMessage('D0DEMO001', alexCard?.answer?.ts, alexCard?.args.blocks, 'acknowledge');
    const jayaCopy = await updateIn('D0DEMO002', jayaBefore);
    expect(jayaCopy.ts).toBe(jayaCard?.answer?.ts);
    expect(JSON.stringify(jayaCopy.blocks)).toContain('Acknowledged');
  });

  test('when nobody in the safeguarding team can be reached, the head is told at once and the reporter is told to go in person', async () => {
    harness.api.refuse('U0DEMO001', 'account_inactive');
    harness.api.refuse('U0DEMO002', 'user_not_found');
    await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact');
    for (let i = 0; i < 3; i++) await harness.bot.jobs.flush();
    const notice = await until('the head is told', () => postsTo('U0DEMO004').find((c) => String(c.args.text).includes('safeguarding team not reached')));
    expect(blockKitProblems(notice.args, 'message')).toEqual([]);
    expect(JSON.stringify(notice.args.blocks)).toContain(':rotating_light:');
    expect(notice.args.text).toContain('Please find one of them in person or by phone now');
    const report = await deliveryReport();
    expect(report.text).toContain('Nobody in the safeguarding team could be reached');
    expect(report.notReached.join(' ')).toContain('Alex Wilber');
    expect(report.notReached.join(' ')).toContain('Jaya Patel');
  });
});

describe('/report setup check', () => {
  const answer = (after: number): Promise<SlackCall> => until('the setup check answer', () => harness.api.callsTo('respond')[after]);

  test('the DSL sees every holder and whether Slack can reach them, with what to fix; the check asks Slack', async () => {
    harness.api.refuse('U0DEMO008', 'user_not_found');
    const reply = await dsl.slash('setup check');
    expect(reply.json).toMatchObject({ response_type: 'ephemeral' });
    const { args } = await answer(0);
    expect(args).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(blockKitProblems(args, 'message')).toEqual([]);
    const words = JSON.stringify(args.blocks);
    expect(words).toContain('Setup check: Oakfield Primary School');
    for (const name of ['Alex Wilber', 'Jaya Patel', 'Megan Bowen', 'Adele Vance', 'Sam Reid', 'Lynne Robbins', 'Priya Shah']) expect(words).toContain(name);
    const lineFor = (name: string) =>
      (args.blocks as any[])
        .map((b) => b.text?.text ?? '')
        .join('\n')
        .split('\n*')
        .find((l: string) => l.includes(name)) ?? '';
    expect(lineFor('Sam Reid')).toContain('Slack: reachable');
    expect(lineFor('Megan Bowen')).toContain('NOT reachable, add their slackUserId');
    expect(lineFor('Lynne Robbins')).toContain('NOT reachable, check the bot is still installed for them in Slack');
    expect(words).toContain('no safeguarding channel yet');
    expect(harness.api.callsTo('users.info').map((c) => c.args.user)).toEqual(expect.arrayContaining(['U0DEMO006', 'U0DEMO008']));
    expect((await audits('setup.check')).map((a) => [a.outcome, a.actor.userId])).toEqual([['ok', 'U0DEMO001']]);

    await registerChannel();
    await dsl.slash('setup check');
    expect(JSON.stringify((await answer(1)).args.blocks)).toContain('Slack: safeguarding channel registered');
  });

  test('a teacher is refused in plain words and the attempt audited', async () => {
    await teacher.slash('setup check');
    const { args } = await answer(0);
    expect(args.text).toContain("Only the people named for this in the school's policy can run the setup check");
    expect(JSON.stringify(args)).not.toContain('Sam Reid');
    expect((await audits('setup.check')).map((a) => [a.outcome, a.actor.userId])).toEqual([['refused', SLACK_TEACHER.id]]);
    expect(harness.api.callsTo('users.info')).toHaveLength(0);
  });

  test('help mentions it', async () => {
    const help = await teacher.slash('help');
    expect(help.json?.text).toContain('/report setup check');
  });
});
