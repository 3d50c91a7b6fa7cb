/** `/digest` in Slack through a signed request: the head sees the digest privately, within Block Kit limits; others are refused. */
import { blockKitProblems } from '../builders/block-kit-limits';
import { generateIncident, PUPIL_NAME, seeded } from '../builders/incident-fixtures';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { FORM, postSigned } from '../builders/slack-request';

const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
let harness: SlackHarness;
beforeEach(async () => {
  harness = await startSlackBot({ clock });
  const random = seeded(3);
  for (let n = 0; n < 80; n++) {
    await harness.bot.deps.store.create('incidents', generateIncident(harness.bot.deps.pack, 'oakfield-primary', n, new Date(clock.now().getTime() - Math.floor(random() * 60 * 86_400_000)), random));
  }
});
afterEach(async () => harness.stop());

const digest = (userId: string, text = '') =>
  postSigned(
    harness.slackUrl,
    new URLSearchParams({
      command: '/digest',
      text,
      user_id: userId,
      user_name: 'x',
      channel_id: 'D1',
      channel_name: 'directmessage',
      team_id: 'T0DEMO',
      trigger_id: 't',
      response_url: 'https://hooks.slack.invalid/x',
    }).toString(),
    FORM,
  );

test('the head (U0DEMO004 in the demo pack) sees the digest privately; a teacher is refused', async () => {
  const shown = await digest('U0DEMO004');
  expect(shown.json.response_type).toBe('ephemeral');
  expect(shown.json.text).toContain('Weekly online-safety digest: Oakfield Primary School');
  expect(JSON.stringify(shown.json.blocks)).toContain('█');
  expect(blockKitProblems({ text: shown.json.text, blocks: shown.json.blocks }, 'message')).toEqual([]);
  expect(JSON.stringify(shown.json)).not.toContain(PUPIL_NAME.split(' ')[0]);
  expect((await digest('U0TEACH01')).json.text).toContain('Only the people named for this');
  expect((await digest('U0DEMO900', 'trust')).json.text).toContain('Weekly online-safety digest: Demo Learning Trust');
});
