/** Store-backed leases: one instance runs a job at a time; a dead instance's lease is taken over when it expires. */
import { runJobOnce } from '../../src/app/scheduler';
import { acquireLease, releaseLease } from '../../src/core/scheduling/lease';
import type { ScheduledJob } from '../../src/core/scheduling/scheduled-job';
import { tempDeps } from '../builders/temp-store';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

test('of two instances asking at once, exactly one gets the lease; after release the other can', async () => {
  const { deps, cleanup } = await tempDeps();
  const now = deps.clock.now();
  const [a, b] = await Promise.all([acquireLease(deps.store, 'job', 'a', now, 60_000), acquireLease(deps.store, 'job', 'b', now, 60_000)]);
  expect([a, b].filter(Boolean)).toHaveLength(1);
  const holder = (a ?? b)!;
  const other = holder.owner === 'a' ? 'b' : 'a';
  expect(await acquireLease(deps.store, 'job', other, now, 60_000)).toBeUndefined();
  await releaseLease(deps.store, holder, now);
  expect((await acquireLease(deps.store, 'job', other, now, 60_000))?.owner).toBe(other);
  await cleanup();
});

test('an instance that died holding the lease is taken over once the lease expires', async () => {
  const { deps, clock, cleanup } = await tempDeps();
  expect(await acquireLease(deps.store, 'job', 'dead', clock.now(), 60_000)).toBeDefined();
  expect(await acquireLease(deps.store, 'job', 'alive', clock.now(), 60_000)).toBeUndefined();
  clock.advance(61_000);
  expect((await acquireLease(deps.store, 'job', 'alive', clock.now(), 60_000))?.owner).toBe('alive');
  await cleanup();
});

test('two schedulers running the same job together run it once', async () => {
  const { deps, cleanup } = await tempDeps();
  let runs = 0;
  const job: ScheduledJob = {
    name: 'count',
    everyMs: 60_000,
    timeZone: 'Europe/London',
    leaseMs: 60_000,
    run: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return { runs };
    },
  };
  const results = await Promise.all([runJobOnce(deps, job, 'one', quiet), runJobOnce(deps, job, 'two', quiet)]);
  expect(runs).toBe(1);
  expect(results.filter(Boolean)).toHaveLength(1);
  // Released when done: the next tick runs again.
  await runJobOnce(deps, job, 'two', quiet);
  expect(runs).toBe(2);
  await cleanup();
});

test('an instance starting just after another ran a job does not run it again; a forced run still does', async () => {
  const { deps, clock, cleanup } = await tempDeps();
  let runs = 0;
  const job: ScheduledJob = { name: 'catch-up', everyMs: 15 * 60_000, timeZone: 'Europe/London', leaseMs: 60_000, run: async () => ({ runs: ++runs }) };
  const half = job.everyMs / 2;
  await runJobOnce(deps, job, 'first', quiet, { unlessRanWithinMs: half });
  clock.advance(60_000);
  expect(await runJobOnce(deps, job, 'second', quiet, { unlessRanWithinMs: half })).toBeUndefined();
  expect(runs).toBe(1);
  // The skipped run did not move the last-run time: after half the interval from the real run, it runs.
  clock.advance(half - 60_000);
  await runJobOnce(deps, job, 'second', quiet, { unlessRanWithinMs: half });
  expect(runs).toBe(2);
  await runJobOnce(deps, job, 'first', quiet);
  expect(runs).toBe(3);
  await cleanup();
});
