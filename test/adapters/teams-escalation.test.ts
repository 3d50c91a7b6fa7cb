/**
 * The rest of the escalation path through the real adapter: install events, Assign and "decide not to
 * refer" from the card, and an urgent card that nags the channel and then the head teacher.
 */
import { nagUrgentIncidents } from '../../src/core/incidents/nag-urgent';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL as dsl, HEAD as head, TEACHER as teacher, useTeamsBot } from '../builders/teams-harness';

const teacherChat = conversation('personal', 'a:teacher-chat');
const megan: TeamsUser = { id: 'user-id-1', aadObjectId: 'aad-megan', name: 'Megan Bowen' };
const headChat = conversation('personal', 'a:head-chat');
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');

const env = useTeamsBot('2026-11-23T10:00:00Z');

const cardOf = (activity: any) => activity?.attachments?.[0]?.content;
const text = (x: unknown) => JSON.stringify(x);
async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(env.harness.bot.url, actionActivity(env.connector.url, user, conv, verb, data));
  return res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body;
}

/** A teacher reports grooming; `danger` answers the immediate-danger question. */
async function report(danger: 'yes' | 'no') {
  const started = await post(env.harness.bot.url, messageActivity(env.connector.url, teacher, teacherChat, 'report'));
  let card = cardOf(started.body.activities[0]);
  const ids = () => executeActions(card).find((a) => a.verb === 'report-next' || a.verb === 'report-submit')!.data;
  const steps = [{ choice: 'grooming-inappropriate-contact' }, { choice: danger }, {}, { choice: 'no' }, { choice: 'no-or-unknown' }, { choice: 'stranger' }, { choice: 'no-or-unknown' }, {}];
  for (const values of steps) {
    if (text(card).includes('The details')) break;
    card = (await press(teacher, teacherChat, 'report-next', { ...ids(), ...values })).value;
  }
  card = (await press(teacher, teacherChat, 'report-next', { ...ids(), description: 'A pupil told me an adult keeps messaging them.', pupils: 'JS' })).value;
  if (text(card).includes('Your next steps')) card = (await press(teacher, teacherChat, 'report-next', ids())).value;
  return (await press(teacher, teacherChat, 'report-submit', ids())).value;
}

it('remembers where to reach people from install events, before they have said anything', async () => {
  const installed = await post(env.harness.bot.url, {
    ...messageActivity(env.connector.url, dsl, conversation('personal', 'a:dsl-chat'), ''),
    type: 'conversationUpdate',
    text: undefined,
    membersAdded: [{ id: '28:esafety-bot' }],
  });
  expect(text(installed.body)).toContain('report');
  await report('no');
  await env.harness.bot.jobs.flush();
  // No channel registered: the DSL gets the escalation 1:1 through the reference saved at install.
  expect(env.connector.calls.some((c) => c.conversationId === 'a:dsl-chat' && text(c.body).includes('Safeguarding concern'))).toBe(true);
});

it('Assign and "Decide not to refer" work from the card; a missing reason is refused in plain words', async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, dsl, dslChannel, 'register dsl channel'));
  await report('no');
  await env.harness.bot.jobs.flush();
  const card = cardOf(env.connector.calls.find((c) => c.conversationId.startsWith('19:'))!.body);
  const data = executeActions(card).find((a) => a.verb === 'assign')!.data;
  const assignees = JSON.stringify(card).match(/"id":"assignee"[^\]]*\]/)?.[0] ?? '';
  const deputyValue = /"value":"([^"]+)"/.exec(assignees.slice(assignees.indexOf('Megan')))?.[1];
  expect(deputyValue).toBeDefined();
  const assigned = await press(dsl, dslChannel, 'assign', { ...data, assignee: deputyValue });
  expect(text(assigned.value)).toContain('Megan Bowen');
  const noReason = await press(dsl, dslChannel, 'no-referral', { ...data, reason: '' });
  expect(text(noReason)).toMatch(/reason/);
  const decided = await press(dsl, dslChannel, 'no-referral', { ...data, reason: 'Parents already involved; threshold not met.' });
  expect(text(decided.value)).toContain('Decided not to refer');
});

it('an urgent card mentions the safeguarding team, nags until acknowledged, then goes to the head', async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, dsl, dslChannel, 'register dsl channel'));
  await post(env.harness.bot.url, messageActivity(env.connector.url, head, headChat, 'hello'));
  const receipt = await report('yes');
  expect(text(receipt)).toContain('URGENT');
  await env.harness.bot.jobs.flush();
  const first = env.connector.calls.find((c) => c.conversationId.startsWith('19:'))!;
  expect(text(cardOf(first.body))).toContain('<at>Alex Wilber</at>');

  env.now = new Date(env.now.getTime() + 6 * 60_000);
  await nagUrgentIncidents(env.harness.bot.deps);
  await env.harness.bot.jobs.flush();
  const nags = env.connector.calls.filter((c) => c.method === 'POST' && text(c.body).includes('still not acknowledged'));
  expect(nags.map((c) => c.conversationId)).toEqual(['19:safeguarding@thread.tacv2']);

  env.now = new Date(env.now.getTime() + 10 * 60_000);
  await nagUrgentIncidents(env.harness.bot.deps);
  await env.harness.bot.jobs.flush();
  const headNag = env.connector.calls.find((c) => c.conversationId === 'a:head-chat' && text(c.body).includes('still not acknowledged'));
  expect(headNag).toBeDefined();
  // The head is told, but cannot pick it up on the safeguarding team's behalf.
  expect(executeActions(cardOf(headNag?.body)).map((a) => a.verb)).not.toContain('acknowledge');
  expect(env.connector.calls.some((c) => c.conversationId === 'a:head-chat' && text(c.body).includes('adult keeps messaging'))).toBe(false);
});

it("the channel card lists the safeguarding team's tasks; the DSL marks one done there and the card is redrawn in place", async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, dsl, dslChannel, 'register dsl channel'));
  await report('no');
  await env.harness.bot.jobs.flush();
  const posted = env.connector.calls.find((c) => c.method === 'POST' && c.conversationId.startsWith('19:'))!;
  const card = cardOf(posted.body);
  const doneButtons = executeActions(card).filter((a) => a.verb === 'task-done');
  expect(doneButtons.length).toBeGreaterThan(1);
  // Each task has its own reason box, so the card's input ids stay unique.
  const ids = JSON.stringify(card).match(/"id":"[^"]+"/g) ?? [];
  expect(new Set(ids).size).toBe(ids.length);
  const first = doneButtons[0]!;
  const answered = await post(env.harness.bot.url, actionActivity(env.connector.url, dsl, dslChannel, 'task-done', first.data, posted.activityId));
  const redrawn = answered.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
  // The pressed card comes back as the case card, with the task closed and the case actions still there.
  expect(executeActions(redrawn).map((a) => a.verb)).toEqual(expect.arrayContaining(['acknowledge', 'close']));
  expect(text(redrawn)).toContain('Done by Alex Wilber');
  expect(executeActions(redrawn).filter((a) => a.verb === 'task-done')).toHaveLength(doneButtons.length - 1);
  await env.harness.bot.jobs.flush();
  const update = env.connector.calls.find((c) => c.method === 'PUT' && c.conversationId.startsWith('19:'));
  expect(update?.activityId).toBe(posted.activityId);
  expect(text(update?.body)).toContain('Done by Alex Wilber');
  // A deputy may not mark the DSL's own task.
  expect(text(await press(megan, dslChannel, 'task-done', doneButtons[1]!.data))).toContain('can mark this task');
});
