/** One outbox pass: a slow recipient holds up only its own messages; a claim lasts from when it is made. */
import { type Deliverer, dispatchOutbox } from '../../src/core/delivery/dispatch-outbox';
import { enqueue, type NewMessage, type OutboxMessage } from '../../src/core/delivery/outbox';
import type { Stored } from '../../src/ports/document-store';
import { tempDeps } from '../builders/temp-store';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function note(school: string, id: string, role: 'head' | 'dsl', incidentId?: string): NewMessage {
  return { id, schoolId: school, message: 'aup-reminder', to: { kind: 'role', role }, platform: 'teams', ...(incidentId && { incidentId }) };
}

test("a recipient whose platform is slow to answer does not hold up someone else's message in the same pass", async () => {
  const { deps, clock, cleanup } = await tempDeps();
  const school = deps.pack.schools[0]!.id;
  // Three messages for the head come due first; the DSL's last.
  for (const id of ['head-1', 'head-2', 'head-3']) {
    await enqueue(deps.store, note(school, id, 'head'), clock.now());
    clock.advance(1000);
  }
  await enqueue(deps.store, note(school, 'dsl-1', 'dsl'), clock.now());
  clock.advance(1000);
  const started = Date.now();
  const doneAt = new Map<string, number>();
  const deliverer: Deliverer = {
    async deliver(message) {
      // The head's platform takes 400 ms to answer each time (an SDK retrying a dead service); the DSL's at once.
      if (message.to.kind === 'role' && message.to.role === 'head') await sleep(400);
      doneAt.set(message.id, Date.now() - started);
      return { kind: 'sent' };
    },
  };
  const { sent } = await dispatchOutbox(deps.store, deps.clock, deliverer, { instanceId: 'test' });
  await cleanup();

  expect(sent).toBe(4);
  expect(doneAt.get('dsl-1')).toBeLessThan(300);
  // One recipient's messages still go in the order they came due.
  expect(doneAt.get('head-1')!).toBeLessThan(doneAt.get('head-2')!);
  expect(doneAt.get('head-2')!).toBeLessThan(doneAt.get('head-3')!);
});

test("an incident's messages are sent one after another, in the order they came due", async () => {
  const { deps, clock, cleanup } = await tempDeps();
  const school = deps.pack.schools[0]!.id;
  for (const [id, role] of [
    ['inc-1:escalation', 'dsl'],
    ['inc-1:to:head', 'head'],
  ] as const) {
    await enqueue(deps.store, note(school, id, role, 'inc-1'), clock.now());
    clock.advance(1000);
  }
  const order: string[] = [];
  let inFlight = 0;
  let most = 0;
  const deliverer: Deliverer = {
    async deliver(message) {
      most = Math.max(most, ++inFlight);
      await sleep(50);
      order.push(message.id);
      inFlight--;
      return { kind: 'sent' };
    },
  };
  await dispatchOutbox(deps.store, deps.clock, deliverer, { instanceId: 'test' });
  await cleanup();

  expect(order).toEqual(['inc-1:escalation', 'inc-1:to:head']);
  expect(most).toBe(1);
});

test('a claim lasts its full time from when it is made, however long the pass has been running', async () => {
  const { deps, clock, cleanup } = await tempDeps();
  const school = deps.pack.schools[0]!.id;
  for (let i = 0; i < 3; i++) await enqueue(deps.store, note(school, `note-${i}`, 'head'), clock.now());
  const seen: Array<{ now: number; until: number }> = [];
  const deliverer: Deliverer = {
    async deliver(message: Stored<OutboxMessage>) {
      seen.push({ now: clock.now().getTime(), until: Date.parse(message.claimedUntil ?? '') });
      // Each send takes 40 s of the clock (a platform retrying inside its SDK).
      clock.advance(40_000);
      return { kind: 'sent' };
    },
  };
  await dispatchOutbox(deps.store, deps.clock, deliverer, { instanceId: 'test', claimMs: 60_000 });
  await cleanup();

  expect(seen).toHaveLength(3);
  for (const s of seen) expect(s.until - s.now).toBe(60_000);
});
