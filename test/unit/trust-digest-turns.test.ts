/**
 * The trust view is built a few schools at a time: while it is built, the store is asked about a few
 * schools at once, never all of them, so the bot's other requests get a turn between schools instead of waiting for
 * every school's rows to arrive and be read at once (found running the benchmark: wizard steps beside
 * the weekly digest over 100,000 incidents had a p99 of 260 ms).
 */
import { trustDigest } from '../../src/core/digest/read-digest';
import type { DocumentStore } from '../../src/ports/document-store';
import { benchPack, seedIncidents } from '../../scripts/bench-incidents';
import { tempDeps } from '../builders/temp-store';

test('the trust digest asks the store about a few schools at a time, and still covers every school in order', async () => {
  const { deps, cleanup } = await tempDeps(new Date('2026-11-23T08:00:00Z'));
  const pack = benchPack(deps.pack, 12);
  await seedIncidents(deps.store, pack, 1_200, deps.clock.now());
  let inFlight = 0;
  let most = 0;
  const schoolsAsked = new Set<string>();
  const store = deps.store;
  const counted: DocumentStore = Object.create(store);
  counted.query = async (collection, query) => {
    most = Math.max(most, ++inFlight);
    if (collection === 'incidents' && query.schoolId) schoolsAsked.add(query.schoolId);
    try {
      return await store.query(collection, query);
    } finally {
      inFlight--;
    }
  };
  const digests = await trustDigest({ ...deps, pack, store: counted }, deps.clock.now());
  await cleanup();

  expect(digests.map((d) => d.schoolId)).toEqual(pack.schools.map((s) => s.id));
  expect(schoolsAsked.size).toBe(12);
  expect(digests.reduce((n, d) => n + d.total, 0)).toBeGreaterThan(0);
  // At most three schools' queries at once (each asks for its incidents two ways), never all twelve schools' together.
  expect(most).toBeLessThanOrEqual(6);
});
