/**
 * Behaviour of the Cosmos adapter beyond the shared store contract: parameterised queries, system
 * fields, partition scoping and retries. Runs the real SDK against cosmosdb-server in-process.
 */
import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import type { DocumentStore } from '../../src/ports/document-store';
import { createCosmosStore, type CosmosStoreOptions } from '../../src/adapters/cosmos/cosmos-store';
import { buildCount, buildSelect, InvalidQueryError } from '../../src/adapters/cosmos/cosmos-query';
import { backoffDelayMs, withRetry, type RetryDeps, type RetryPolicy } from '../../src/adapters/cosmos/retry';
import { startCosmosServer, type CosmosTestServer } from '../fakes/cosmos-server';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalDelayMs: 10_000 };

function recordingDeps(random = 0): RetryDeps & { slept: number[] } {
  const slept: number[] = [];
  return { slept, random: () => random, sleep: async (ms) => void slept.push(ms) };
}

function failing(code: number | string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failed with ${code}`), { code, ...extra });
}

/** An operation that fails with `errors` in turn, then resolves 'ok'. */
function flaky(...errors: Error[]): jest.Mock<Promise<string>, []> {
  const queue = [...errors];
  return jest.fn(async () => {
    const next = queue.shift();
    if (next) throw next;
    return 'ok';
  });
}

describe('withRetry', () => {
  it('retries 503 with doubling backoff and then succeeds', async () => {
    const deps = recordingDeps(0);
    const op = flaky(failing(503), failing(503));
    await expect(withRetry(op, 'write', policy, deps)).resolves.toBe('ok');
    expect(op).toHaveBeenCalledTimes(3);
    expect(deps.slept).toEqual([50, 100]); // equal jitter with random() = 0: half of 100, 200
  });

  it('gives up after maxAttempts and surfaces the last error', async () => {
    const deps = recordingDeps(0.5);
    const last = failing(503, { attempt: 'last' });
    const op = flaky(failing(503), failing(503), failing(503), last, failing(503));
    await expect(withRetry(op, 'read', policy, deps)).rejects.toBe(last);
    expect(op).toHaveBeenCalledTimes(4);
    expect(deps.slept).toHaveLength(3);
  });

  it('waits at least as long as the server asks', async () => {
    const deps = recordingDeps(0);
    const op = flaky(failing(429, { retryAfterInMs: 1_500 }), failing(503, { headers: { 'x-ms-retry-after-ms': '700' } }));
    await expect(withRetry(op, 'read', policy, deps)).resolves.toBe('ok');
    expect(deps.slept).toEqual([1_500, 700]);
  });

  it('does not retry answers that will not change: 404, 409, 412, 400', async () => {
    for (const code of [404, 409, 412, 400]) {
      const deps = recordingDeps();
      const op = flaky(failing(code));
      await expect(withRetry(op, 'read', policy, deps)).rejects.toMatchObject({ code });
      expect(op).toHaveBeenCalledTimes(1);
      expect(deps.slept).toEqual([]);
    }
  });

  it('resends a read after a dropped connection, but never a write that may have been applied', async () => {
    const readDeps = recordingDeps();
    await expect(withRetry(flaky(failing('ECONNRESET')), 'read', policy, readDeps)).resolves.toBe('ok');
    const write = flaky(failing('ECONNRESET'));
    await expect(withRetry(write, 'write', policy, recordingDeps())).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(write).toHaveBeenCalledTimes(1);
    await expect(withRetry(flaky(failing('ECONNREFUSED')), 'write', policy, recordingDeps())).resolves.toBe('ok');
  });

  it('stops early rather than exceed the total wait budget', async () => {
    const deps = recordingDeps(0);
    const op = flaky(failing(503, { retryAfterInMs: 6_000 }), failing(503, { retryAfterInMs: 6_000 }));
    await expect(withRetry(op, 'read', policy, deps)).rejects.toMatchObject({ code: 503 });
    expect(deps.slept).toEqual([6_000]);
  });

  it('spreads retries with jitter within [backoff/2, backoff], capped', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBe(1_000);
  });
});

describe('query text', () => {
  it('carries values only as parameters', () => {
    const hostile = `x' OR 1=1 --"]`;
    const spec = buildSelect({
      schoolId: 's1',
      where: [
        { field: 'status', op: '=', value: hostile },
        { field: 'kind', op: 'in', value: ['a', hostile] },
      ],
      orderBy: { field: 'meta.createdAt', direction: 'desc' },
      limit: 5,
    });
    expect(spec.query).toBe('SELECT TOP @p0 * FROM c WHERE c["schoolId"] = @p1 AND c["status"] = @p2 AND ARRAY_CONTAINS(@p3, c["kind"]) ORDER BY c["meta"]["createdAt"] DESC');
    expect(spec.parameters).toEqual([
      { name: '@p0', value: 5 },
      { name: '@p1', value: 's1' },
      { name: '@p2', value: hostile },
      { name: '@p3', value: ['a', hostile] },
    ]);
    expect(buildCount({ where: [{ field: 'n', op: '>=', value: 2 }] }).query).toBe('SELECT VALUE COUNT(1) FROM c WHERE c["n"] >= @p0');
  });

  it.each([`status = 'x' OR true`, 'a..b', '1abc', 'a-b', 'c["x"]', '', 'a.'])('rejects field path %p', (field) => {
    expect(() => buildSelect({ where: [{ field, op: '=', value: 1 }] })).toThrow(InvalidQueryError);
    expect(() => buildSelect({ orderBy: { field, direction: 'asc' } })).toThrow(InvalidQueryError);
  });

  it('rejects an unknown operator or a bad limit', () => {
    const op = 'LIKE' as '=';
    expect(() => buildSelect({ where: [{ field: 'a', op, value: 1 }] })).toThrow(InvalidQueryError);
    expect(() => buildSelect({ limit: -1 })).toThrow(InvalidQueryError);
    expect(() => buildSelect({ limit: 1.5 })).toThrow(InvalidQueryError);
  });
});

describe('Cosmos store against cosmosdb-server', () => {
  let server: CosmosTestServer;
  let store: DocumentStore;
  let databaseId: string;
  let deps: ReturnType<typeof recordingDeps>;

  beforeAll(async () => {
    server = await startCosmosServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    databaseId = `specific-${randomUUID()}`;
    deps = recordingDeps();
    const options: CosmosStoreOptions = { endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId };
    store = await createCosmosStore({ ...options, retry: policy, retryDeps: deps });
  });
  afterEach(async () => {
    server.clearFaults();
    await store.close();
  });

  it('returns _etag but none of the other system fields Cosmos stores', async () => {
    const created = await store.create('incidents', { id: 'inc-1', schoolId: 's1', status: 'open' });
    const raw = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent, connectionPolicy: { enableEndpointDiscovery: false } });
    const { resource: stored } = await raw.database(databaseId).container('incidents').item('inc-1', 's1').read();
    raw.dispose();
    expect(Object.keys(stored ?? {})).toEqual(expect.arrayContaining(['_rid', '_self', '_ts', '_etag']));

    const expected = { id: 'inc-1', schoolId: 's1', status: 'open', _etag: stored?._etag };
    expect(created).toEqual(expected);
    expect(await store.get('incidents', 's1', 'inc-1')).toEqual(expected);
    expect(await store.query('incidents', { schoolId: 's1' })).toEqual([expected]);
    const replaced = await store.replace('incidents', { ...created, status: 'closed' }, created._etag);
    expect(Object.keys(replaced).sort()).toEqual(['_etag', 'id', 'schoolId', 'status']);
    const upserted = await store.upsert('incidents', { ...replaced, status: 'reopened' });
    expect(Object.keys(upserted).sort()).toEqual(['_etag', 'id', 'schoolId', 'status']);
  });

  it('treats a hostile value as a literal', async () => {
    const hostile = `x" OR true OR c.status = "`;
    await store.create('incidents', { id: 'a', schoolId: 's1', status: hostile });
    await store.create('incidents', { id: 'b', schoolId: 's1', status: 'open' });
    const found = await store.query('incidents', { schoolId: 's1', where: [{ field: 'status', op: '=', value: hostile }] });
    expect(found.map((d) => d.id)).toEqual(['a']);
    expect(await store.count('incidents', { where: [{ field: 'status', op: '=', value: `open" OR true OR "` }] })).toBe(0);
    await expect(store.query('incidents', { where: [{ field: 'status = "open" OR true', op: '=', value: 1 }] })).rejects.toThrow(InvalidQueryError);
  });

  it('scopes a school query to that school’s partition, and only a trust view crosses partitions', async () => {
    await store.create('incidents', { id: 'a', schoolId: 's1', n: 1 });
    await store.create('incidents', { id: 'b', schoolId: 's2', n: 2 });
    await store.create('incidents', { id: 'c', schoolId: 's1', n: 3 });

    const before = server.requests.length;
    const mine = await store.query('incidents', { schoolId: 's1', orderBy: { field: 'n', direction: 'desc' } });
    expect(mine.map((d) => d.id)).toEqual(['c', 'a']);
    expect(await store.count('incidents', { schoolId: 's1' })).toBe(2);
    const queries = server.requests.slice(before).filter((r) => r.headers['x-ms-documentdb-isquery'] === 'true');
    expect(queries).toHaveLength(2);
    for (const q of queries) expect(q.headers['x-ms-documentdb-partitionkey']).toBe('["s1"]');

    const start = server.requests.length;
    const all = await store.query('incidents', { orderBy: { field: 'n', direction: 'asc' }, limit: 2 });
    expect(all.map((d) => d.id)).toEqual(['a', 'b']);
    const cross = server.requests.slice(start).filter((r) => r.headers['x-ms-documentdb-isquery'] === 'true');
    expect(cross.length).toBeGreaterThan(0);
    for (const q of cross) expect(q.headers['x-ms-documentdb-partitionkey']).toBeUndefined();
  });

  it('rides out 503s with backoff and gives up with the 503 when they persist', async () => {
    await store.create('incidents', { id: 'a', schoolId: 's1' });
    const isItemRead = (r: { method: string; path: string }) => r.method === 'GET' && r.path.endsWith('/docs/a');

    server.injectFault({ status: 503, match: isItemRead }, 2);
    await expect(store.get('incidents', 's1', 'a')).resolves.toMatchObject({ id: 'a' });
    expect(deps.slept).toHaveLength(2);

    server.injectFault({ status: 503, match: isItemRead }, policy.maxAttempts);
    await expect(store.get('incidents', 's1', 'a')).rejects.toMatchObject({ code: 503 });
  });

  it('retries a write the server turned away with 503, without a false conflict', async () => {
    server.injectFault({ status: 503, match: (r) => r.method === 'POST' && r.path.endsWith('/colls/incidents/docs') }, 1);
    await expect(store.create('incidents', { id: 'w', schoolId: 's1' })).resolves.toMatchObject({ id: 'w' });
    expect(deps.slept).toHaveLength(1);
  });

  it('lets the SDK absorb a 429 using the server’s retry-after hint', async () => {
    await store.create('incidents', { id: 'a', schoolId: 's1' });
    server.injectFault({ status: 429, retryAfterMs: 5, match: (r) => r.method === 'GET' && r.path.endsWith('/docs/a') }, 2);
    await expect(store.get('incidents', 's1', 'a')).resolves.toMatchObject({ id: 'a' });
    expect(deps.slept).toEqual([]); // absorbed inside the SDK, not by the outer wrapper
  });

  it('opens when another instance created the database and a container at the same moment (409 on create)', async () => {
    const fresh = `race-${randomUUID()}`;
    // What the losing instance sees: its creates answer 409 because the winner's landed first.
    server.injectFault({ status: 409, match: (r) => r.method === 'POST' && r.path === '/dbs' }, 1);
    server.injectFault({ status: 409, match: (r) => r.method === 'POST' && r.path === `/dbs/${fresh}/colls` }, 2);
    const second = await createCosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId: fresh, retry: policy, retryDeps: deps });
    await expect(second.create('incidents', { id: 'x', schoolId: 's1' })).resolves.toMatchObject({ id: 'x' });
    expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/dbs').length).toBeGreaterThanOrEqual(1);
    await second.close();
  });

  it('refuses ids Cosmos cannot address, and cannot find them either', async () => {
    await expect(store.create('incidents', { id: 'a/b', schoolId: 's1' })).rejects.toThrow(/id must be/);
    expect(await store.get('incidents', 's1', 'a/b')).toBeUndefined();
    expect(await store.delete('incidents', 's1', 'a#b')).toBe(false);
  });
});
