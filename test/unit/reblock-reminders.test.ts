/**
 * The reminder to block a site again comes when the unblock ends, at any hour: the first at once (after
 * working hours, at the weekend), later ones hourly in working hours only, each exactly once.
 */
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { approveUnblock } from '../../src/core/filtering/decide-unblock';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import { describeQueuedFilteringMessage } from '../../src/core/filtering/filtering-view';
import { queueReblockReminders } from '../../src/core/filtering/reblock-reminders-job';
import { requestUnblock } from '../../src/core/filtering/request-unblock';
import type { Actor } from '../../src/core/people/actor';
import { tempDeps } from '../builders/temp-store';

const teacher: Actor = { platform: 'teams', userId: 'user-id-7', name: 'Pat Okafor' };
const technician: Actor = { platform: 'teams', userId: 'user-id-3', name: 'Sam Reid' };
const SCHOOL = 'oakfield-primary';

let env: Awaited<ReturnType<typeof tempDeps>>;
afterEach(async () => env.cleanup());

const reminders = async () => env.deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'message', op: '=', value: 'reblock-reminder' }] });

/** Runs the job every five minutes from `from` to `to` (as the scheduler does) and returns the local times at which a reminder was queued. */
async function runEveryFiveMinutes(from: string, to: string): Promise<string[]> {
  const sent: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 5 * 60_000) {
    env.clock.set(new Date(t));
    const { reminders: n } = await queueReblockReminders(env.deps);
    for (let i = 0; i < n; i++) sent.push(new Date(t).toISOString());
  }
  return sent;
}

test('an unblock ending at 16:45 on a school day is reminded at 16:45, then not again until 08:30 the next school day', async () => {
  // Tuesday 1 December 2026 (GMT, so UTC is London time).
  env = await tempDeps(new Date('2026-12-01T15:00:00Z'));
  const asked = await requestUnblock(env.deps, teacher, 'example.org/club until 16:45 because the after-school coding club');
  expect(asked.entry.until).toBe('2026-12-01T16:45:00.000Z');
  await approveUnblock(env.deps, technician, { schoolId: SCHOOL, entryId: asked.entry.id });

  const sent = await runEveryFiveMinutes('2026-12-01T16:30:00Z', '2026-12-02T08:55:00Z');
  expect(sent).toEqual(['2026-12-01T16:45:00.000Z', '2026-12-02T08:30:00.000Z']);
  const [first] = await reminders();
  const card = await describeQueuedFilteringMessage(env.deps, first as OutboxMessage);
  expect(card?.title).toBe('Block it again: example.org/club');
  expect(card?.actions.map((a) => a.verb)).toEqual(['unblock-reblocked']);
  // A rerun of any of those minutes sends nothing twice.
  expect(await runEveryFiveMinutes('2026-12-01T16:45:00Z', '2026-12-01T16:55:00Z')).toEqual([]);
  // Then one in each hour of the school day (the job's hours are the clock's), as before.
  expect(await runEveryFiveMinutes('2026-12-02T09:00:00Z', '2026-12-02T10:55:00Z')).toEqual(['2026-12-02T09:00:00.000Z', '2026-12-02T10:00:00.000Z']);
});

test('an unblock ending on a Saturday is reminded then, and next on Monday at 08:30', async () => {
  env = await tempDeps(new Date('2026-12-05T09:00:00Z'));
  const entry: FilteringEntry = {
    id: 'sat-entry-0000000000000',
    schoolId: SCHOOL,
    ref: 'FL-SAT000',
    kind: 'unblock',
    status: 'unblocked',
    what: 'example.org/fair',
    why: 'the Christmas fair stall',
    askedBy: teacher,
    askedAt: '2026-12-04T15:00:00.000Z',
    decidedBy: technician,
    decidedAt: '2026-12-04T15:05:00.000Z',
    until: '2026-12-05T11:20:00.000Z',
  };
  await env.deps.store.create('filtering', entry);
  expect(await runEveryFiveMinutes('2026-12-05T09:00:00Z', '2026-12-07T08:55:00Z')).toEqual(['2026-12-05T11:20:00.000Z', '2026-12-07T08:30:00.000Z']);
});

test('an unblock ending inside working hours gets one reminder for that hour, not two', async () => {
  env = await tempDeps(new Date('2026-12-01T11:20:00Z'));
  const asked = await requestUnblock(env.deps, teacher, 'example.org/maths for the lesson because a maths game');
  await approveUnblock(env.deps, technician, { schoolId: SCHOOL, entryId: asked.entry.id });
  expect(await runEveryFiveMinutes('2026-12-01T12:00:00Z', '2026-12-01T13:15:00Z')).toEqual(['2026-12-01T12:10:00.000Z', '2026-12-01T13:00:00.000Z']);
});
