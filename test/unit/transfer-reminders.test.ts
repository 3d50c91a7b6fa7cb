/**
 * The transfer reminders under the school calendar: none on the day of the transfer, at the weekend or
 * outside working hours; one each school day after it; none twice; none after the receipt, and one
 * queued before the receipt says nothing. The outbox keeps the transfer's id, never the child's name.
 */
import { renderPdf } from '../../src/adapters/pdf/render-pdf';
import { transferChildFile } from '../../src/core/casefile/transfer-child-file';
import { recordTransferReceipt } from '../../src/core/casefile/transfer-receipt';
import { describeQueuedTransferReminder, queueTransferReminders, transferReminderJob } from '../../src/core/casefile/transfer-reminders-job';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Actor } from '../../src/core/people/actor';
import { storePupils, ZOE, zoeFile } from '../builders/child-file-fixtures';
import { tempDeps } from '../builders/temp-store';

const dsl: Actor = { platform: 'teams', userId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', aliases: ['user-id-0'] };
let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  // Friday 4 December 2026, 10:00 in London.
  env = await tempDeps(new Date('2026-12-04T10:00:00Z'));
  env.deps.pdf = renderPdf;
  await storePupils(env.deps, ZOE);
  await transferChildFile(env.deps, dsl, { pupilText: 'Zoë', toSchool: 'Hillside Academy' }, async (d) => zoeFile(d.clock.now().toISOString()));
});
afterEach(async () => env.cleanup());

const at = async (iso: string) => {
  env.clock.set(new Date(iso));
  return (await queueTransferReminders(env.deps)).reminders;
};
const reminders = () => env.deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'transfer-reminder' }] });

test('one reminder each school day after the transfer, in working hours, over a weekend; none after the receipt', async () => {
  expect(await at('2026-12-04T15:00:00Z')).toBe(0); // the day of the transfer
  expect(await at('2026-12-05T10:00:00Z')).toBe(0); // Saturday
  expect(await at('2026-12-06T10:00:00Z')).toBe(0); // Sunday
  expect(await at('2026-12-07T07:30:00Z')).toBe(0); // Monday, before 08:30
  expect(await at('2026-12-07T09:00:00Z')).toBe(1); // Monday
  expect(await at('2026-12-07T11:00:00Z')).toBe(0); // not twice the same day
  expect(await at('2026-12-08T09:00:00Z')).toBe(1); // Tuesday
  const queued = await reminders();
  expect(queued.map((m) => m.id.slice(-10)).sort()).toEqual(['2026-12-07', '2026-12-08']);
  expect(queued[0]?.to).toEqual({ kind: 'person', person: { platform: 'teams', userId: dsl.userId, name: 'Alex Wilber' } });
  expect(JSON.stringify(queued)).not.toMatch(/Zo|Núñez|Hillside/);
  const view = await describeQueuedTransferReminder(env.deps, queued[0] as OutboxMessage);
  expect(view?.title).toBe("Reminder: Zoë Núñez-O’Brien's file for Hillside Academy");
  expect(view?.receiptRef).toBe(queued[0]?.transferId);

  await recordTransferReceipt(env.deps, dsl, { transferId: queued[0]?.transferId });
  expect(await describeQueuedTransferReminder(env.deps, queued[0] as OutboxMessage)).toBeUndefined();
  expect(await at('2026-12-09T09:00:00Z')).toBe(0);
  expect(await reminders()).toHaveLength(2);
});

test('after the deadline the reminder says it is overdue; the job is the same sweep', async () => {
  env.clock.set(new Date('2026-12-14T09:00:00Z'));
  expect((await transferReminderJob.run(env.deps, env.clock.now())).reminders).toBe(1);
  const [queued] = await reminders();
  const view = await describeQueuedTransferReminder(env.deps, queued as OutboxMessage);
  expect(view?.title).toMatch(/^Overdue: /);
  expect(view?.lines[0]).toContain('Fri 11 Dec 2026');
});
