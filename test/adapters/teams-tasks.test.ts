/**
 * Tasks in Teams through the real adapter: a task holder gets a card with only their tasks, marks one
 * done or not needed from it, and every copy is redrawn; anyone else is refused and it is audited. A
 * holder who never wrote to the bot is reached through a 1:1 opened from the team roster.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import type { ConversationDoc } from '../../src/adapters/teams/conversation-refs';
import { TENANT, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL, HEAD, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { UNSUITABLE_SITE, cardNodes, cardTexts, pressCard, reportInTeams } from '../builders/teams-report';

/** The demo pack's Network Manager: teamsUserId user-id-3. */
const SAM: TeamsUser = { id: 'user-id-3', aadObjectId: 'aad-sam', name: 'Sam Reid' };
const teacherChat = conversation('personal', 'a:teacher-chat');
const samChat = conversation('personal', 'a:sam-chat');
const staffChannel = conversation('channel', '19:staffroom@thread.tacv2;messageid=1');
const BLOCK_THE_SITE = 'Block the site and check the filter is set correctly. If the filter should have caught it, tell the filtering provider.';

// Monday 23 November 2026, 10:00 in London.
const env = useTeamsBot('2026-11-23T10:00:00Z');

const cardOf = (call: { body: any } | undefined) => call?.body?.attachments?.[0]?.content;
const say = (user: TeamsUser, conv: ReturnType<typeof conversation>, words: string) => post(env.harness.bot.url, messageActivity(env.connector.url, user, conv, words));
const press = (user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>, replyToId?: string) =>
  pressCard(env.harness.bot.url, env.connector.url, user, conv, verb, data, replyToId);
const incident = async () => (await env.harness.bot.deps.store.query<Incident>('incidents', {}))[0] as Incident;

async function reportUnsuitableSite() {
  const { receipt } = await reportInTeams(env.harness.bot.url, env.connector.url, TEACHER, teacherChat, UNSUITABLE_SITE);
  expect(cardTexts(receipt)).toContain('- Alex Wilber, Online Safety Co-ordinator: leads it, 2 tasks\n- Sam Reid, Network Manager: 1 task');
  await env.harness.bot.jobs.flush();
}

describe('a task holder in Teams', () => {
  it('gets a card with only their task, marks it done, and the card is redrawn; the record says who did it', async () => {
    await say(SAM, samChat, 'hi');
    await reportUnsuitableSite();
    const posted = env.connector.calls.filter((c) => c.conversationId === 'a:sam-chat' && c.method === 'POST');
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]);
    const t = cardTexts(card);
    expect(t[0]).toBe('Your task for ES-2026-0001');
    expect(t).toEqual(expect.arrayContaining(['Routine', BLOCK_THE_SITE, "Pupils' names and what was written are only in the full record. Opening it is recorded."]));
    // Only the minimum: not what was typed, and not the lead's tasks.
    expect(JSON.stringify(card)).not.toContain('J.S.');
    expect(JSON.stringify(card)).not.toContain('closed it');
    expect(JSON.stringify(card)).not.toContain('Log the incident');
    const done = executeActions(card).find((a) => a.verb === 'task-done');
    expect(done?.data).toEqual({ schoolId: 'oakfield-primary', incidentId: (await incident()).id, taskId: 'step-4' });
    expect(
      executeActions(card)
        .map((a) => a.verb)
        .sort(),
    ).toEqual(['add-note', 'full-record', 'task-done', 'task-not-needed']);

    const answered = await press(SAM, samChat, 'task-done', done!.data, posted[0]!.activityId);
    const redrawn = cardTexts(answered.value);
    expect(redrawn[0]).toBe('Your task for ES-2026-0001');
    expect(redrawn.some((l) => l.startsWith('Done by Sam Reid, Mon 23 Nov 2026'))).toBe(true);
    expect(executeActions(answered.value).map((a) => a.verb)).not.toContain('task-done');
    const after = await incident();
    expect(after.tasks.find((x) => x.id === 'step-4')).toMatchObject({ status: 'done', closedBy: { name: 'Sam Reid' } });
    expect(after.chronology.map((e) => e.action)).toContain('task-done');

    // The copy in Sam's chat is updated in place through the outbox (run at once by the button).
    await env.harness.bot.jobs.flush();
    const update = env.connector.calls.find((c) => c.method === 'PUT' && c.conversationId === 'a:sam-chat');
    expect(update?.activityId).toBe(posted[0]!.activityId);
    expect(cardTexts(cardOf(update)).some((l) => l.startsWith('Done by Sam Reid'))).toBe(true);

    // Marking it again says who already did.
    expect(JSON.stringify(await press(SAM, samChat, 'task-done', done!.data))).toContain('already marked done by Sam Reid');
  });

  it('refuses anyone else in plain words, changes nothing, and audits the attempt', async () => {
    await say(SAM, samChat, 'hi');
    await reportUnsuitableSite();
    const done = executeActions(cardOf(env.connector.calls.find((c) => c.conversationId === 'a:sam-chat'))).find((a) => a.verb === 'task-done')!;
    const before = await incident();
    const refused = await press(TEACHER, teacherChat, 'task-done', done.data);
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(refused.value).toContain("Only the people named for this in the school's policy can mark this task.");
    const after = await incident();
    expect(after.tasks).toEqual(before.tasks);
    expect(after.chronology).toHaveLength(before.chronology.length);
    const audits = await env.harness.bot.deps.store.query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: 'incident.task-done' }] });
    expect(audits).toEqual([expect.objectContaining({ outcome: 'refused', actor: expect.objectContaining({ name: 'Sam Teacher' }), incidentId: before.id })]);
  });

  it('"Not needed" needs a reason: without one nothing changes; with one the reason is kept', async () => {
    await say(SAM, samChat, 'hi');
    await reportUnsuitableSite();
    const card = cardOf(env.connector.calls.find((c) => c.conversationId === 'a:sam-chat'));
    const notNeeded = executeActions(card).find((a) => a.verb === 'task-not-needed')!;
    // The reason box sits in the "Not needed" show-card, required, as long as core allows.
    const box = cardNodes(card, (o) => o.type === 'Action.ShowCard' && o.title === 'Not needed').flatMap((a) => cardNodes(a.card, (o) => o.type === 'Input.Text'))[0];
    expect(box).toMatchObject({ isRequired: true, maxLength: 2000, label: 'Why is it not needed?' });
    const reasonId = String(box.id);
    const before = await incident();
    const empty = await press(SAM, samChat, 'task-not-needed', { ...notNeeded.data, [reasonId]: '   ' });
    expect(empty.value).toBe('Please say why it is not needed.');
    expect((await incident()).tasks).toEqual(before.tasks);
    expect((await incident()).chronology).toHaveLength(before.chronology.length);

    const given = await press(SAM, samChat, 'task-not-needed', { ...notNeeded.data, [reasonId]: 'The filter already blocks it; it was a cached page.' });
    expect(cardTexts(given.value).some((l) => l.includes('Not needed by Sam Reid') && l.endsWith('The filter already blocks it; it was a cached page.'))).toBe(true);
    expect((await incident()).chronology.map((e) => e.action)).toContain('task-not-needed');
  });

  it('a concern about the Network Manager never reaches them: the review names who it goes to, and not them', async () => {
    await say(SAM, samChat, 'hi');
    await say(HEAD, conversation('personal', 'a:head-chat'), 'hi');
    const { review } = await reportInTeams(env.harness.bot.url, env.connector.url, TEACHER, teacherChat, ['adult-misuse-of-school-it', 'no', 'offensive', 'it-technician']);
    const goesTo = cardNodes(review, (o) => o.type === 'FactSet')
      .flatMap((f) => f.facts)
      .map((f: { title: string }) => f.title);
    expect(goesTo).toContain('Adele Vance, Head Teacher');
    expect(goesTo.some((who: string) => who.startsWith('Sam Reid'))).toBe(false);
    await env.harness.bot.jobs.flush();
    expect(env.connector.calls.some((c) => c.conversationId === 'a:sam-chat')).toBe(false);
    const toHead = env.connector.calls.filter((c) => c.conversationId === 'a:head-chat' && c.method === 'POST').map((c) => cardOf(c));
    expect(toHead.some((card) => executeActions(card).some((a) => a.verb === 'acknowledge'))).toBe(true);
  });

  it('a tampered task payload changes nothing and says so', async () => {
    const bad = await press(SAM, samChat, 'task-done', { schoolId: 'oakfield-primary', incidentId: "x' OR 1=1", taskId: 'step-4' });
    expect(bad.value).toMatch(/not recognised/);
    const missing = await press(SAM, samChat, 'task-done', { schoolId: 'oakfield-primary', incidentId: 'inc-nope', taskId: 'step-4' });
    expect(missing.value).toMatch(/could not be found/);
  });

  it('reaches a holder who never wrote to the bot through a 1:1 opened from the team roster', async () => {
    env.connector.setRoster([
      { id: SAM.id, aadObjectId: SAM.aadObjectId, name: SAM.name },
      { id: '29:someone', aadObjectId: 'aad-someone', name: 'Someone Else' },
    ]);
    await post(env.harness.bot.url, {
      ...messageActivity(env.connector.url, DSL, staffChannel, ''),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '28:esafety-bot', name: 'eSafety' }],
      channelData: { tenant: { id: TENANT }, team: { id: 'team-1' }, eventType: 'teamMemberAdded' },
    });
    await reportUnsuitableSite();
    const created = env.connector.calls.find((c) => c.method === 'CREATE');
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: SAM.id }], tenantId: TENANT });
    const card = cardOf(env.connector.calls.find((c) => c.method === 'POST' && c.conversationId === created?.conversationId));
    expect(cardTexts(card)).toContain(BLOCK_THE_SITE);
    // The chat the bot opened is kept, so later messages go there without opening another.
    const kept = await env.harness.bot.deps.store.get<ConversationDoc>('conversations', 'oakfield-primary', `teams:user:${SAM.id}`);
    expect(kept?.reference.conversation?.id).toBe(created?.conversationId);
    const done = executeActions(card).find((a) => a.verb === 'task-done')!;
    await press(SAM, conversation('personal', created!.conversationId), 'task-done', done.data);
    await env.harness.bot.jobs.flush();
    expect(env.connector.calls.filter((c) => c.method === 'CREATE')).toHaveLength(1);
    expect(env.connector.calls.some((c) => c.method === 'PUT' && c.conversationId === created?.conversationId)).toBe(true);
  });
});
