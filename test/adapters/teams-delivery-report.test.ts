/**
 * The reporter is told the truth about who was reached: a person counts as reached only when Teams
 * acknowledged their message, and no outbox message is marked sent unless the connector received it
 * for that very recipient.
 */
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { conversation, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { GROOMING, cardTexts, reportInTeams } from '../builders/teams-report';
import type { ConnectorCall } from '../fakes/fake-connector';

const MEGAN: TeamsUser = { id: 'user-id-1', aadObjectId: 'aad-megan', name: 'Megan Bowen' };
const teacherChat = conversation('personal', 'a:teacher-chat');

const env = useTeamsBot('2026-11-23T10:00:00Z');

const cardOf = (call: ConnectorCall | undefined) => call?.body?.attachments?.[0]?.content;
const outbox = () => env.harness.bot.deps.store.query<OutboxMessage>('outbox', {});

/** Every message marked sent was received by the connector, under the id it was given, for its recipient. */
function expectEverySentMessageReceived(messages: OutboxMessage[], calls: ConnectorCall[]) {
  for (const m of messages.filter((x) => x.status === 'sent' && x.message !== 'escalation-update')) {
    const call = calls.find((c) => c.method === 'POST' && c.activityId === m.platformMessageId);
    expect({ id: m.id, received: Boolean(call) }).toEqual({ id: m.id, received: true });
    const to = m.to;
    const recipient = [call?.body.recipient?.id, call?.body.recipient?.aadObjectId];
    if (to.kind === 'holder') expect(recipient).toContain(to.holder.teamsUserId);
    if (to.kind === 'person') expect(recipient).toContain(to.person.userId);
    if (to.kind === 'dsl-channel') expect(call?.conversationId.startsWith('19:')).toBe(true);
  }
}

async function reportAndDeliver() {
  await reportInTeams(env.harness.bot.url, env.connector.url, TEACHER, teacherChat, GROOMING);
  await env.harness.bot.jobs.flush();
  await env.harness.bot.jobs.flush();
  const reports = env.connector.calls.filter((c) => c.conversationId === 'a:teacher-chat' && c.method === 'POST');
  expect(reports).toHaveLength(1);
  return cardTexts(cardOf(reports[0]));
}

it('when only the reporter has talked to the bot, nobody is called reached and the reporter is told whom to tell', async () => {
  const said = await reportAndDeliver();
  expect(said[0]).toBe('Who has been told about ES-2026-0001');
  expect(said).not.toContain('Reached');
  const notReached = said[said.indexOf('Not reached') + 1] ?? '';
  for (const who of ['Alex Wilber', 'Megan Bowen', 'Jaya Patel']) expect(notReached).toContain(who);
  expect(notReached).toContain('they have not opened a chat with the bot in Teams yet');
  expect(notReached).toContain('the policy pack has no Teams account for them');
  expect(said.join('\n')).toMatch(/Tell the Designated Safeguarding Lead in person or by phone now/);

  const messages = await outbox();
  // Nothing for a role holder is marked sent: the connector never got anything for one.
  expect(messages.filter((m) => m.status === 'sent').map((m) => m.message)).toEqual(['delivery-report']);
  expect(env.connector.calls.filter((c) => c.method === 'POST').map((c) => c.conversationId)).toEqual(['a:teacher-chat']);
  expectEverySentMessageReceived(messages, env.connector.calls);
  // The channel card was not sent as DMs by the adapter: core asked for each lead directly instead.
  expect(messages.find((m) => m.message === 'dsl-escalation')?.unreachable?.reason).toBe('no-channel');
});

it('names as reached only those Teams acknowledged; a refusal is "not reached" with the reason', async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, conversation('personal', 'a:dsl-chat'), 'hi'));
  await post(env.harness.bot.url, messageActivity(env.connector.url, MEGAN, conversation('personal', 'a:megan-chat'), 'hi'));
  // Megan has since blocked the bot.
  env.connector.refuse('a:megan-chat', 403);
  const said = await reportAndDeliver();
  const reached = said[said.indexOf('Reached') + 1] ?? '';
  const notReached = said[said.indexOf('Not reached') + 1] ?? '';
  expect(reached).toContain('Alex Wilber');
  expect(reached).not.toContain('Megan Bowen');
  expect(notReached).toContain('Megan Bowen, Deputy Designated Safeguarding Lead (to lead it): Teams refused the message');
  expect(said.join('\n')).toContain('Please tell Megan Bowen and Jaya Patel yourself');

  const messages = await outbox();
  expectEverySentMessageReceived(messages, env.connector.calls);
  expect(messages.filter((m) => m.to.kind === 'holder' && m.to.holder.name === 'Megan Bowen').every((m) => m.status !== 'sent' && m.unreachable?.reason === 'refused')).toBe(true);
  expect(env.connector.calls.some((c) => c.conversationId === 'a:megan-chat')).toBe(false);
});
