/**
 * Two instances of the bot sharing one Cosmos database (`@vercel/cosmosdb-server` through the real SDK),
 * each with its own client, adapter and outbox loop, running the scheduled jobs and delivering at the
 * same moments: every escalation card, AUP reminder and weekly digest reaches Teams exactly once.
 * Limit: the two instances run in one test process, not two.
 */
import { randomUUID } from 'node:crypto';
import { createCosmosStore } from '../../src/adapters/cosmos/cosmos-store';
import { loadConfig } from '../../src/app/config';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import { runJobOnce } from '../../src/app/scheduler';
import { aupReminderJob } from '../../src/core/aup/aup-jobs';
import { weeklyDigestJob } from '../../src/core/digest/digest-jobs';
import { conversation, messageActivity, post } from '../builders/teams-activity';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';
import { type CosmosTestServer, startCosmosServer } from '../fakes/cosmos-server';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { DSL as dsl, HEAD as head, TEACHER as teacher } from '../builders/teams-harness';

jest.setTimeout(60_000);

// Monday 23 November 2026, 09:00 in London: digests are due and reminders may go out.
const clock = { now: () => new Date('2026-11-23T09:00:00Z') };

let server: CosmosTestServer;
let connector: FakeConnector;
const bots: RunningBot[] = [];
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startCosmosServer();
  connector = await startFakeConnector();
  const databaseId = `two-instances-${randomUUID()}`;
  const config = loadConfig({ PLAYGROUND: 'off', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000', LOG_LEVEL: 'silent', SCHEDULER: 'off' });
  for (let i = 0; i < 2; i++) {
    const store = await createCosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId });
    const bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0, clock });
    bots.push(bot);
    closers.push(async () => {
      await bot.close();
      await store.close();
    });
  }
});

afterAll(async () => {
  for (const close of closers) await close();
  await connector.close();
  await server.stop();
});

const text = (x: unknown) => JSON.stringify(x);
const to = (conversationId: string, words: string) => connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && text(c.body).includes(words));

test('two instances running the jobs and the outbox together send each card once', async () => {
  const [a, b] = bots as [RunningBot, RunningBot];
  // People meet the bot through either instance; the DSL registers the channel through the second.
  await post(a.url, messageActivity(connector.url, head, conversation('personal', 'a:head-chat'), 'hello'));
  await post(b.url, messageActivity(connector.url, teacher, conversation('personal', 'a:teacher-chat'), 'hello'));
  await post(b.url, messageActivity(connector.url, dsl, conversation('channel', '19:safeguarding@thread.tacv2;messageid=1'), 'register dsl channel'));
  const reported = await walkReport(a.deps, 'grooming-inappropriate-contact', { actor: { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher', aliases: ['29:teacher'] } });
  expect(reported.outcome.kind).toBe('submitted');

  for (let round = 0; round < 2; round++) {
    await Promise.all([runJobOnce(a.deps, weeklyDigestJob, 'a', quietLogger), runJobOnce(b.deps, weeklyDigestJob, 'b', quietLogger)]);
    await Promise.all([runJobOnce(a.deps, aupReminderJob, 'a', quietLogger), runJobOnce(b.deps, aupReminderJob, 'b', quietLogger)]);
    await Promise.all([a.jobs.flush(), b.jobs.flush()]);
  }

  expect(to('19:safeguarding@thread.tacv2', 'Safeguarding concern')).toHaveLength(1);
  expect(to('a:head-chat', 'Weekly online-safety digest')).toHaveLength(1);
  expect(to('a:teacher-chat', 'Reminder: please read and sign')).toHaveLength(1);
  expect(to('a:head-chat', 'Reminder: please read and sign')).toHaveLength(1);
});
