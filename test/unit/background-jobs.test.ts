/** The outbox loop beside the server: a stop does not wait for a long pass, and nothing is lost by stopping. */
import { startBackgroundJobs } from '../../src/app/background-jobs';
import type { Deliverer } from '../../src/core/delivery/dispatch-outbox';
import { enqueue, type OutboxMessage } from '../../src/core/delivery/outbox';
import { tempDeps } from '../builders/temp-store';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a stop during a long outbox pass ends after the message under way; the rest stay queued, none is lost', async () => {
  const { deps, cleanup } = await tempDeps();
  const school = deps.pack.schools[0]!.id;
  const queued = 150;
  for (let i = 0; i < queued; i++) {
    await enqueue(deps.store, { id: `note-${i}`, schoolId: school, message: 'aup-reminder', to: { kind: 'role', role: 'head' }, platform: 'teams' }, deps.clock.now(), { durability: 'draft' });
  }
  const delivered: string[] = [];
  // A slow platform (20 ms a message): one pass over all of them takes seconds.
  const deliverer: Deliverer = {
    async deliver(message) {
      await sleep(20);
      delivered.push(message.id);
      return { kind: 'sent' };
    },
  };
  const jobs = startBackgroundJobs(deps, deliverer, quiet, { outboxMs: 60_000, nagMs: 600_000 });
  void jobs.flush();
  while (delivered.length < 3) await sleep(5);
  const asked = Date.now();
  await jobs.stop();
  const took = Date.now() - asked;
  const all = await deps.store.query<OutboxMessage>('outbox', {});
  await cleanup();

  expect(took).toBeLessThan(1_000);
  expect(delivered.length).toBeLessThan(queued);
  expect(
    all
      .filter((m) => m.status === 'sent')
      .map((m) => m.id)
      .sort(),
  ).toEqual([...delivered].sort());
  expect(all.filter((m) => m.status === 'pending')).toHaveLength(queued - delivered.length);
  expect(all.filter((m) => m.status === 'sending')).toHaveLength(0);
});
