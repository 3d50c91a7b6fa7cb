/** `setup check` in Teams: the DSL sees who the bot can reach and how to fix the rest; a teacher is refused. */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { conversation, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL, HEAD, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { cardTexts } from '../builders/teams-report';

const dslChat = conversation('personal', 'a:dsl-chat');
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');

const env = useTeamsBot('2026-11-23T10:00:00Z');

const say = async (user: TeamsUser, conv: ReturnType<typeof conversation>, words: string) =>
  (await post(env.harness.bot.url, messageActivity(env.connector.url, user, conv, words))).body?.activities ?? [];
const cardTextsOf = (activities: any[]) => activities.flatMap((a) => cardTexts(a.attachments?.[0]?.content));
const audits = () => env.harness.bot.deps.store.query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: 'setup.check' }] });

it('lists each role holder as reachable or not in Teams, with the fix, and the channel', async () => {
  await say(HEAD, conversation('personal', 'a:head-chat'), 'hi');
  const lines = cardTextsOf(await say(DSL, dslChat, 'setup check'));
  expect(lines[0]).toBe('Setup check: Oakfield Primary School');
  expect(lines).toEqual(
    expect.arrayContaining([
      'Designated Safeguarding Lead — Alex Wilber: Teams: reachable',
      'Head Teacher — Adele Vance: Teams: reachable',
      'Deputy Designated Safeguarding Lead — Megan Bowen: Teams: NOT reachable, ask them to open the bot in Teams and say "hi", or install the app for everyone (docs/teams-reach.md)',
      'Deputy Designated Safeguarding Lead — Jaya Patel: Teams: NOT reachable, add their teamsUserId (Entra object id) in policy/pack.yaml',
    ]),
  );
  expect(lines.some((l) => l.startsWith('Teams: no safeguarding channel yet'))).toBe(true);
  expect(lines[lines.length - 1]).toMatch(/things? to fix\.$/);

  // Once the channel is registered, it says so.
  await say(DSL, dslChannel, '<at>eSafety</at> register dsl channel');
  expect(cardTextsOf(await say(DSL, dslChat, 'setup check'))).toContain('Teams: safeguarding channel registered');
  expect((await audits()).map((a) => a.outcome)).toEqual(['ok', 'ok']);
});

it('refuses a teacher in plain words and audits it; in a channel it asks for a 1:1 chat', async () => {
  const refused = cardTextsOf(await say(TEACHER, conversation('personal', 'a:teacher-chat'), 'setup check'));
  expect(refused).toEqual(['That did not work', "Only the people named for this in the school's policy can run the setup check. Your attempt has been recorded."]);
  expect((await audits()).map((a) => a.outcome)).toEqual(['refused']);
  const inChannel = cardTextsOf(await say(DSL, dslChannel, '<at>eSafety</at> setup check'));
  expect(inChannel[0]).toBe('Please ask me in a 1:1 chat');
  expect(inChannel.join(' ')).not.toContain('Megan Bowen');
});

it('is in the help text', async () => {
  const help = await say(TEACHER, conversation('personal', 'a:teacher-chat'), 'what can you do?');
  expect(JSON.stringify(help)).toContain('setup check');
});
