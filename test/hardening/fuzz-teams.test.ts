/**
 * Property-based fuzzing of the Teams entry point (`POST /api/messages`, the real bot): thousands of
 * generated card presses (known and unknown verbs, tampered data) and malformed activities. Whatever
 * arrives: no 5xx, an answer within a bound, and no incident, task or report changed by anyone who
 * may not change it. `FUZZ_RUNS` sets the number of cases (short in `npm test`; `npm run fuzz` runs long).
 */
import fc from 'fast-check';
import { actionActivity, conversation, messageActivity, type TeamsUser } from '../builders/teams-activity';
import { reportInTeams, GROOMING } from '../builders/teams-report';
import { startTestBot } from '../builders/teams-bot';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { TEACHER } from '../builders/teams-harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
/** `npm test` replays one fixed seed, so CI is repeatable; `npm run fuzz` (or FUZZ_SEED) explores afresh. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? undefined : 20261201;
const ANSWER_WITHIN_MS = 3_000;
jest.setTimeout(120_000 + RUNS * 200);

let connector: FakeConnector;
let harness: Awaited<ReturnType<typeof startTestBot>>;
let incidentId = '';
let schoolId = '';

/** Someone in the tenant with no role at the school: may press nothing on a case card. */
const STRANGER: TeamsUser = { id: '29:stranger', aadObjectId: 'aad-stranger', name: 'Someone Else' };
const chat = conversation('personal', 'a:stranger-chat');

beforeAll(async () => {
  connector = await startFakeConnector();
  harness = await startTestBot(undefined, { now: () => new Date('2026-11-23T10:00:00Z') });
  await reportInTeams(harness.bot.url, connector.url, TEACHER, conversation('personal', 'a:teacher-chat'), GROOMING);
  const [incident] = await harness.bot.deps.store.query<{ id: string; schoolId: string }>('incidents', {});
  incidentId = incident?.id ?? '';
  schoolId = incident?.schoolId ?? '';
});

afterAll(async () => {
  await harness?.stop();
  await connector?.close();
});

/** Everything a refused press must leave as it was (after the bot's own deliveries have settled). */
async function snapshot(): Promise<string> {
  for (let i = 0; i < 3; i++) await harness.bot.jobs.flush();
  const store = harness.bot.deps.store;
  const [incidents, wizards] = await Promise.all([store.query('incidents', {}), store.query('wizards', {})]);
  return JSON.stringify([incidents, wizards].map((docs) => docs.map(({ _etag, ...d }) => d).sort((a, b) => String(a.id).localeCompare(String(b.id)))));
}

async function send(activity: unknown): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${harness.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.text();
  return { status: res.status, ms: Date.now() - started };
}

const VERBS = [
  'acknowledge',
  'assign',
  'add-note',
  'refer',
  'no-referral',
  'close',
  'full-record',
  'show-summary',
  'task-done',
  'task-not-needed',
  'report-next',
  'report-back',
  'report-submit',
  'report-cancel',
  'aup-sign',
];
const verb = fc.oneof(fc.constantFrom(...VERBS), fc.string({ maxLength: 40 }));
/** Card data as a tamperer writes it: the real ids sometimes, other shapes and values the rest of the time. */
const data = fc
  .oneof(
    fc.record(
      {
        schoolId: fc.constantFrom(() => schoolId, 'x', ''),
        incidentId: fc.constantFrom(() => incidentId, 'inc-nope', '../../etc'),
        taskId: fc.oneof(fc.constantFrom('step-1', 'step-3'), fc.string()),
        note: fc.string({ maxLength: 3000 }),
        reason: fc.string(),
        outcome: fc.string(),
        assignee: fc.string(),
        agency: fc.string(),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 })),
  )
  .map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'function' ? (v as () => string)() : v])));

it('tampered card presses by someone with no part: no 5xx, a prompt answer, nothing changed', async () => {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(verb, data, async (v, d) => {
      const { status, ms } = await send(actionActivity(connector.url, STRANGER, chat, v, d as Record<string, unknown>));
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    }),
    { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
  );
  expect(await snapshot()).toBe(before);
});

it('malformed activities: no 5xx and a prompt answer', async () => {
  const activity = fc.record(
    {
      type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'messageReaction', ''), fc.string(), fc.integer(), fc.constant(null)),
      name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'composeExtension/query'), fc.string()),
      text: fc.oneof(fc.string({ maxLength: 5000 }), fc.constantFrom('report', 'aup', 'digest', 'setup check', 'register dsl channel', '<at>eSafety</at> register dsl channel')),
      value: fc.jsonValue({ maxDepth: 4 }),
      channelData: fc.jsonValue({ maxDepth: 3 }),
      timestamp: fc.oneof(fc.string(), fc.constant('2026-02-31T25:61:00Z'), fc.integer()),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(activity, fc.boolean(), async (fields, withIdentity) => {
      const base = withIdentity ? messageActivity(connector.url, STRANGER, chat, 'hi') : {};
      const { status, ms } = await send({ ...base, ...fields });
      expect(status).toBeLessThan(500);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    }),
    { numRuns: RUNS, ...(SEED !== undefined && { seed: SEED }) },
  );
});
