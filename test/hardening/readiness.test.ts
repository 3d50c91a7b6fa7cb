/**
 * "Ready" means the store answered a real read within a bound: on Cosmos through the real SDK against
 * @vercel/cosmosdb-server, /readyz turns 503 within the bound when the server stops answering, and
 * when the database is gone; the log line says why, as a code (not "[redacted]").
 */
import { CosmosClient } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { createCosmosStore } from '../../src/adapters/cosmos/cosmos-store';
import { loadConfig } from '../../src/app/config';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import { pinoLogger } from '../../src/app/pino-logger';
import type { DocumentStore } from '../../src/ports/document-store';
import { type CosmosTestServer, startCosmosServer } from '../fakes/cosmos-server';
import { lineSink } from '../builders/line-sink';
import { shippedPack } from '../builders/temp-store';

jest.setTimeout(90_000);

let server: CosmosTestServer;
let store: DocumentStore;
let bot: RunningBot;
const lines: string[] = [];
const databaseId = `ready-${randomUUID()}`;

beforeAll(async () => {
  server = await startCosmosServer();
  store = await createCosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId, retry: { maxAttempts: 1 } });
  const logger = pinoLogger(
    'warn',
    lineSink((line) => lines.push(line)),
  );
  bot = await createBot({ config: loadConfig({ PLAYGROUND: 'off', SCHEDULER: 'off', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000' }), pack: shippedPack, store, logger, port: 0 });
});

afterAll(async () => {
  server.freeze(false);
  await bot?.close(2_000);
  await store?.close();
  await server?.stop();
});

const waitOutCache = () => new Promise((r) => setTimeout(r, 5_100));

it('is ready while Cosmos answers; 503 within the bound when it stops answering, with the cause logged', async () => {
  expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  server.freeze(true);
  await waitOutCache();
  const started = Date.now();
  const res = await fetch(`${bot.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(5_000);
  const line = lines.map((l) => JSON.parse(l)).find((l) => l.event === 'http.not-ready');
  expect(line?.cause).toMatch(/^store-timeout/);
  server.freeze(false);
});

it('is not ready when the database is gone, though a point read of a missing item "succeeds"', async () => {
  await waitOutCache();
  expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
  const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent, connectionPolicy: { enableEndpointDiscovery: false } });
  await client.database(databaseId).delete();
  client.dispose();
  await waitOutCache();
  const res = await fetch(`${bot.url}/readyz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({ status: 'store-unavailable' });
  const causes = lines
    .map((l) => JSON.parse(l))
    .filter((l) => l.event === 'http.not-ready')
    .map((l) => l.cause);
  expect(causes.at(-1)).toBe('store-missing');
});
