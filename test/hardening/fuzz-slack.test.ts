/**
 * Property-based fuzzing of the Slack entry point (`POST /slack/events`, the real receiver): generated
 * bodies, correctly signed, as slash commands, interactions (tampered button values and view payloads)
 * and events, from someone with no role. Whatever arrives: no 5xx, an answer within Slack's 3 seconds,
 * and no incident changed. `FUZZ_RUNS` sets the number of cases (`npm run fuzz` runs long).
 */
import fc from 'fast-check';
import { FORM, interactionBody, postSigned } from '../builders/slack-request';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { SLACK_TEACHER } from '../builders/slack-user';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
/** `npm test` replays one fixed seed, so CI is repeatable; `npm run fuzz` (or FUZZ_SEED) explores afresh. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? undefined : 20261201;
jest.setTimeout(120_000 + RUNS * 200);

let harness: SlackHarness;
const STRANGER = { id: 'U0STRANGER', name: 'someone' };

beforeAll(async () => {
  harness = await startSlackBot();
});

afterAll(async () => {
  await harness?.stop();
});

async function incidents(): Promise<string> {
  const docs = await harness.bot.deps.store.query('incidents', {});
  return JSON.stringify(docs.map(({ _etag, ...d }) => d));
}

async function send(body: string, type: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const reply = await postSigned(harness.slackUrl, body, type);
  return { status: reply.status, ms: Date.now() - started };
}

const ACTIONS = ['acknowledge', 'assign', 'add-note', 'refer', 'no-referral', 'close', 'full-record', 'task-done', 'task-not-needed', 'report-next', 'report-back', 'aup-sign'];
const text = fc.string({ maxLength: 300 });

it('signed slash commands with generated text and fields: no 5xx, a prompt answer', async () => {
  const command = fc.record({
    command: fc.oneof(fc.constantFrom('/report', '/aup', '/digest'), text),
    text: fc.oneof(text, fc.constantFrom('setup check', 'register dsl channel', 'aup status', 'digest trust')),
    user_id: fc.constantFrom(STRANGER.id, SLACK_TEACHER.id, ''),
    team_id: fc.constantFrom('T0DEMO', 'T0EVIL', ''),
    trigger_id: text,
    channel_id: text,
  });
  await fc.assert(
    fc.asyncProperty(command, async (fields) => {
      const { status, ms } = await send(new URLSearchParams({ ...fields, response_url: 'https://hooks.slack.invalid/x' }).toString(), FORM);
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(3_000);
    }),
    { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
  );
});

it('signed interactions with tampered buttons and views change no incident', async () => {
  const before = await incidents();
  const payload = fc.oneof(
    fc.record(
      {
        type: fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut', 'nonsense'),
        team: fc.record({ id: fc.constantFrom('T0DEMO', 'T0EVIL') }),
        user: fc.record({ id: fc.constantFrom(STRANGER.id, SLACK_TEACHER.id), name: text }),
        trigger_id: text,
        actions: fc.array(
          fc.record({
            action_id: fc.oneof(fc.constantFrom(...ACTIONS), text),
            value: fc.oneof(
              text,
              fc.jsonValue().map((v) => JSON.stringify(v)),
            ),
            block_id: text,
          }),
          { maxLength: 3 },
        ),
        view: fc.record(
          {
            id: text,
            type: fc.constantFrom('modal', 'home'),
            callback_id: text,
            private_metadata: fc.oneof(
              text,
              fc.jsonValue().map((v) => JSON.stringify(v)),
            ),
            state: fc.record({ values: fc.dictionary(text, fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }))) }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['type'] },
    ),
    fc.jsonValue({ maxDepth: 4 }),
  );
  await fc.assert(
    fc.asyncProperty(payload, async (p) => {
      const { status, ms } = await send(interactionBody(p as Record<string, unknown>), FORM);
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(3_000);
    }),
    { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
  );
  expect(await incidents()).toBe(before);
});

it('signed events and raw bodies of any shape: no 5xx', async () => {
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ body: JSON.stringify(v), type: 'application/json' })),
    fc
      .record(
        {
          type: fc.constantFrom('event_callback', 'url_verification', 'app_rate_limited'),
          team_id: fc.constantFrom('T0DEMO', 'T0EVIL'),
          challenge: text,
          event: fc.record({ type: fc.constantFrom('app_home_opened', 'team_join', 'member_left_channel', 'message'), user: fc.oneof(text, fc.record({ id: text })) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      )
      .map((v) => ({ body: JSON.stringify(v), type: 'application/json' })),
    fc.string({ maxLength: 2000 }).map((s) => ({ body: s, type: FORM })),
  );
  await fc.assert(
    fc.asyncProperty(body, async ({ body: b, type }) => {
      const { status, ms } = await send(b, type);
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(3_000);
    }),
    { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
  );
});

it.each([
  ['a button press with no actions', { type: 'block_actions', actions: [] }],
  ['a button press with no user', { type: 'block_actions', actions: [{ action_id: 'acknowledge', value: 'x' }] }],
  ['a form submission with no view', { type: 'view_submission', user: { id: 'U0STRANGER' } }],
])('%s (found by the fuzz test) is a 400, not a 500, and runs nothing', async (_name, payload) => {
  const before = await incidents();
  const { status } = await send(interactionBody(payload), FORM);
  expect(status).toBe(400);
  expect(await incidents()).toBe(before);
});
