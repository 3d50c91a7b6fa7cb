/** The AUP in Slack through signed requests: /aup, signing from the reminder DM, /aup status, workspace events. */
import type { Signature } from '../../src/core/aup/aup-records';
import type { Person } from '../../src/core/people/person-record';
import { sweepAupReminders } from '../../src/core/aup/sweep-reminders';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { postSigned } from '../builders/slack-request';
import { SlackUser, buttonsIn, SLACK_TEACHER } from '../builders/slack-user';
import { blockKitProblems } from '../builders/block-kit-limits';

let now = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => now };
let harness: SlackHarness;
let teacher: SlackUser;
let lead: SlackUser;
beforeEach(async () => {
  now = new Date('2026-11-23T10:00:00Z');
  harness = await startSlackBot({ clock });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  // The demo pack names U0DEMO001 (Alex Wilber) as Oakfield's online-safety co-ordinator.
  lead = new SlackUser({ id: 'U0DEMO001', name: 'alex' }, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const signatures = () => harness.bot.deps.store.query<Signature>('signatures', {});
const event = (payload: Record<string, unknown>) =>
  postSigned(harness.slackUrl, JSON.stringify({ type: 'event_callback', team_id: 'T0DEMO', api_app_id: 'A0DEMO', event_id: `Ev${Math.random()}`, event_time: 1, event: payload }), 'application/json');

test('/aup shows my agreement privately with the sign button; pressing it signs', async () => {
  const shown = await postSigned(
    harness.slackUrl,
    new URLSearchParams({
      command: '/aup',
      text: '',
      user_id: 'U0TEACH01',
      user_name: 'sam.teacher',
      channel_id: 'DTEACH',
      channel_name: 'directmessage',
      team_id: 'T0DEMO',
      trigger_id: 't1',
      response_url: 'https://hooks.slack.invalid/x',
    }).toString(),
    'application/x-www-form-urlencoded',
  );
  expect(shown.json.response_type).toBe('ephemeral');
  expect(blockKitProblems({ text: shown.json.text, blocks: shown.json.blocks }, 'message')).toEqual([]);
  const sign = buttonsIn(shown.json.blocks).find((b) => b.action_id === 'aup-sign');
  expect(sign?.value).toBe('staff-aup@2026.1');
  await teacher.pressOnMessage('DTEACH', '1700000000.000001', shown.json.blocks, 'aup-sign');
  const [thanks] = await harness.api.waitFor('chat.postEphemeral');
  expect(thanks?.args.text).toContain('Thank you: you signed');
  expect(await signatures()).toHaveLength(1);
});

test('the reminder arrives by DM; signing from it updates it in place; a tampered value signs nothing', async () => {
  await event({ type: 'team_join', user: { id: 'U0NEW0001', name: 'new.teacher', real_name: 'New Teacher' } });
  await new Promise((r) => setTimeout(r, 100));
  expect((await sweepAupReminders(harness.bot.deps)).reminders).toBe(1);
  await harness.bot.jobs.flush();
  const dm = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'U0NEW0001');
  expect(dm?.args.text).toContain('Reminder: please read and sign');
  const newcomer = new SlackUser({ id: 'U0NEW0001', name: 'new.teacher' }, harness.slackUrl, harness.api);
  await newcomer.pressOnMessage('D0NEW0001', dm?.answer?.ts, dm?.args.blocks, 'aup-sign', 'staff-aup@../../x');
  expect((await harness.api.waitFor('chat.postEphemeral'))[0]?.args.text).toContain('Nothing was signed');
  await newcomer.pressOnMessage('D0NEW0001', dm?.answer?.ts, dm?.args.blocks, 'aup-sign');
  const [update] = await harness.api.waitFor('chat.update');
  expect(update?.args.ts).toBe(dm?.answer?.ts);
  expect(buttonsIn(update?.args.blocks)).toHaveLength(0);
  expect((await signatures())[0]).toMatchObject({ personId: 'slack:U0NEW0001', personName: 'New Teacher', channel: 'slack' });
});

test('/aup status for the lead; refused for others; a deactivated account is marked as left', async () => {
  await event({ type: 'team_join', user: { id: 'U0NEW0002', name: 'leaver', real_name: 'Leaving Teacher' } });
  await new Promise((r) => setTimeout(r, 100));
  const status = (text: string, user: SlackUser) =>
    postSigned(
      harness.slackUrl,
      new URLSearchParams({
        command: '/aup',
        text,
        user_id: user.ref.id,
        user_name: user.ref.name,
        channel_id: 'C1',
        channel_name: 'general',
        team_id: 'T0DEMO',
        trigger_id: 't',
        response_url: 'https://hooks.slack.invalid/x',
      }).toString(),
      'application/x-www-form-urlencoded',
    );
  expect((await status('status', teacher)).json.text).toContain('Only the people named for this');
  expect((await status('status', lead)).json.text).toMatch(/Staff, governor and volunteer acceptable use agreement \(version 2026\.1\): 0 of \d+ signed/);
  await event({ type: 'user_change', user: { id: 'U0NEW0002', deleted: true } });
  await new Promise((r) => setTimeout(r, 100));
  const people = await harness.bot.deps.store.query<Person>('people', {});
  expect(people.find((p) => p.id === 'slack:U0NEW0002')?.status).toBe('left');
  expect((await status('export', lead)).json.text).toContain('signed_at,name,person_id,audience,document,version,text_sha256,channel');
});

test('at start-up the workspace is synced into the register (every page); bots and deactivated accounts are not nagged', async () => {
  await harness.stop();
  harness = await startSlackBot({
    clock,
    users: [
      { id: 'USLACKBOT', name: 'slackbot' },
      { id: 'U0AAA0001', name: 'ann', real_name: 'Ann Able' },
      { id: 'U0BOT0001', name: 'somebot', is_bot: true },
      { id: 'U0BBB0001', name: 'ben', real_name: 'Ben Baker' },
      { id: 'U0CCC0001', name: 'cat', real_name: 'Cat Cole', deleted: true },
    ],
  });
  await harness.api.waitFor('users.list', 3);
  await new Promise((r) => setTimeout(r, 100));
  const people = await harness.bot.deps.store.query<Person>('people', {});
  expect(people.map((p) => `${p.name}:${p.status}`).sort()).toEqual(['Ann Able:active', 'Ben Baker:active']);
});

test('someone who first uses /report joins the register, as on Teams', async () => {
  await teacher.slash('');
  for (let i = 0; i < 50 && !(await harness.bot.deps.store.get<Person>('people', 'oakfield-primary', 'slack:U0TEACH01')); i++) await new Promise((r) => setTimeout(r, 20));
  expect(await harness.bot.deps.store.get<Person>('people', 'oakfield-primary', 'slack:U0TEACH01')).toMatchObject({ name: 'sam.teacher', status: 'active', firstSeenAt: now.toISOString() });
});
