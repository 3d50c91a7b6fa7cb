/**
 * The yearly filtering and monitoring review in core: recorded by the roles the pack names (a teacher is
 * refused and audited), bad input and a tampered form change nothing, a file imports all or nothing, and
 * the reminders come a month before it is due, weekly, on school days in working hours only, until a
 * review is recorded. The governors' report's new section shows counts, the last review and AUP.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { readGovernorsReport } from '../../src/core/digest/governors-report';
import { importFilteringReview, parseReviewCsv } from '../../src/core/filtering/filtering-review-import';
import { type FilteringReview, nextReviewDue, oneYearAfter, recordFilteringReview } from '../../src/core/filtering/filtering-review';
import { describeQueuedReviewReminder, queueReviewReminders, reviewReminderJob } from '../../src/core/filtering/review-reminders-job';
import type { Actor } from '../../src/core/people/actor';
import { ANSWERS } from '../builders/filtering-review-fixtures';
import { tempDeps } from '../builders/temp-store';

const governor: Actor = { platform: 'teams', userId: 'user-id-8', name: 'Diego Siciliani' };
const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };
const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher', email: 'sam@oakfield.example' };

let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  // Wednesday 2 December 2026, 10:00 in London.
  env = await tempDeps(new Date('2026-12-02T10:00:00Z'));
});
afterEach(async () => env.cleanup());

const reviews = () => env.deps.store.query<FilteringReview>('reviews', { schoolId: 'oakfield-primary' });
const reminders = () => env.deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'review-reminder' }] });
const input = (over: Record<string, unknown> = {}) => ({ date: '2026-11-30', participants: 'Head, governor, network manager', outcome: 'changes-needed', answers: { ...ANSWERS }, ...over });

test('the governor records the review: stored once with a fixed id, audited; a retry records nothing twice', async () => {
  const first = await recordFilteringReview(env.deps, governor, input());
  expect(first.created).toBe(true);
  expect(first.review.id).toBe('filtering-review:2026-11-30');
  expect(first.review.answers.map((a) => a.itemId)).toEqual(['roles', 'blocked-allowed', 'checks', 'alerts', 'changes']);
  expect((await recordFilteringReview(env.deps, governor, input())).created).toBe(false);
  expect(await reviews()).toHaveLength(1);
  await expect(recordFilteringReview(env.deps, head, input({ outcome: 'meets-standards' }))).rejects.toThrow('already recorded');
  const audit = await env.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'review.recorded' }] });
  expect(audit).toHaveLength(1);
  expect(JSON.stringify(audit)).not.toContain('SWGfL');
  expect(nextReviewDue(env.deps.pack.filteringReview!, 'oakfield-primary', first.review)).toBe('2027-11-30');
  expect(oneYearAfter('2028-02-29')).toBe('2029-02-28');
});

test('a teacher is refused and the refusal is audited; nothing is stored', async () => {
  await expect(recordFilteringReview(env.deps, teacher, input())).rejects.toThrow('Only the people named for this');
  expect(await reviews()).toHaveLength(0);
  const audit = await env.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'review.record' }] });
  expect(audit.map((a) => a.outcome)).toEqual(['refused']);
});

test('bad input gets every problem named and changes nothing', async () => {
  const bad = [
    input({ date: '2026-02-30' }),
    input({ date: '2027-01-10' }), // in the future
    input({ participants: '' }),
    input({ outcome: 'fine' }),
    input({ answers: { ...ANSWERS, checks: '' } }),
    input({ answers: { ...ANSWERS, alerts: 'x'.repeat(2001) } }),
    input({ answers: { ...ANSWERS, extra: 'a field the checklist does not have' } }),
  ];
  for (const b of bad) await expect(recordFilteringReview(env.deps, governor, b)).rejects.toMatchObject({ code: 'invalid-input' });
  expect(await reviews()).toHaveLength(0);
});

test('from a file: a good CSV imports; a bad one names its line and imports nothing', async () => {
  const csv = ['item,answer', 'date,2026-11-30', '"participants","Head, governor"', 'outcome,meets-standards', ...Object.entries(ANSWERS).map(([k, v]) => `${k},"${v}"`)].join('\n');
  const result = await importFilteringReview(env.deps, 'oakfield-primary', csv);
  expect(result.review.channel).toBe('import');
  expect(result.review.participants).toBe('Head, governor');
  await env.deps.store.delete?.('reviews', 'oakfield-primary', result.review.id);

  expect(() => parseReviewCsv('item,answer\ndate,2026-11-30\nroles,a,b\n')).toThrow(expect.objectContaining({ fieldErrors: { 'line 3': expect.stringContaining('Line 3') } }));
  expect(() => parseReviewCsv('item,answer\nroles,a\nroles,b\n')).toThrow(expect.objectContaining({ fieldErrors: { 'line 3': expect.stringContaining('given twice') } }));
  expect(() => parseReviewCsv(`item,answer\nroles,"${'x'.repeat(70_000)}"\n`)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  await expect(importFilteringReview(env.deps, 'oakfield-primary', csv.replace('checks,', 'chekcs,'))).rejects.toMatchObject({ code: 'invalid-input' });
  await expect(importFilteringReview(env.deps, 'no-such-school', csv)).rejects.toMatchObject({ code: 'invalid-input' });
});

// Oakfield's reminders newly queued by one run (Riverside, a school of the same pack, has its own date).
const at = async (iso: string) => {
  env.clock.set(new Date(iso));
  const before = (await reminders()).length;
  await queueReviewReminders(env.deps);
  return (await reminders()).length - before;
};

test('reminders: from a month before it is due, weekly, on school days in working hours, never twice; none once recorded', async () => {
  // Oakfield has no review yet: the pack says its first is due on 2027-01-15, so reminders open on Wed 16 Dec 2026.
  expect(await at('2026-12-15T10:00:00Z')).toBe(0); // 31 days before
  expect(await at('2026-12-16T07:00:00Z')).toBe(0); // before working hours
  expect(await at('2026-12-16T10:00:00Z')).toBe(2); // the senior leader and the governor
  expect(await at('2026-12-17T10:00:00Z')).toBe(0); // not again that week
  expect(await at('2026-12-23T10:00:00Z')).toBe(0); // a week on, but the Christmas holiday
  expect(await at('2026-12-26T10:00:00Z')).toBe(0); // Saturday, and the holiday
  expect(await at('2027-01-02T10:00:00Z')).toBe(0); // Saturday
  expect(await at('2027-01-05T10:00:00Z')).toBe(2); // the first school day after the holiday
  const queued = await reminders();
  expect(queued.map((m) => (m.to as { role: string }).role).sort()).toEqual(['filtering-lead', 'filtering-lead', 'online-safety-governor', 'online-safety-governor']);
  const view = await describeQueuedReviewReminder(env.deps, queued[0] as OutboxMessage);
  expect(view?.lines[0]).toBe("Oakfield Primary School's yearly review of filtering and monitoring is due on 2027-01-15 (in 10 days).");
  expect(view?.lines[1]).toBe('No review is recorded yet.');

  env.clock.set(new Date('2027-01-06T10:00:00Z'));
  await recordFilteringReview(env.deps, governor, input({ date: '2027-01-06' }));
  expect(await describeQueuedReviewReminder(env.deps, queued[0] as OutboxMessage)).toBeUndefined();
  expect(await at('2027-01-12T10:00:00Z')).toBe(0);
  await reviewReminderJob.run(env.deps, new Date('2027-01-19T10:00:00Z'));
  expect(await reminders()).toHaveLength(4);
  // A year on, the next round opens a month before 2028-01-06.
  expect(await at('2027-12-06T10:00:00Z')).toBe(0);
  expect(await at('2027-12-07T10:00:00Z')).toBe(2);
});

test("the governors' report has a Filtering and monitoring section: counts, the last review and AUP, no names", async () => {
  await recordFilteringReview(env.deps, governor, input());
  const report = await readGovernorsReport(env.deps, governor, '2026-09-01', '2026-12-01');
  const section = report.sections.find((s) => s.heading === 'Filtering and monitoring');
  expect(section?.lines[0]).toMatch(/^Filtering log entries: 0 \(unblock requests 0, /);
  expect(section?.lines[1]).toBe('Monitoring alerts: 0; none triaged yet; still to triage: 0.');
  expect(section?.lines[2]).toBe('Last filtering and monitoring review: 2026-11-30, changes are needed; the next is due by 2027-11-30.');
  expect(section?.lines.some((l) => l.startsWith('AUP today, '))).toBe(true);
  // An agreement nobody on the register has to sign is never shown as 100% signed.
  expect(section?.lines.some((l) => /: 0 of 0 signed/.test(l))).toBe(false);
  expect(JSON.stringify(report)).not.toMatch(/Siciliani|SWGfL/);
  await expect(readGovernorsReport(env.deps, teacher, '2026-09-01', '2026-12-01')).rejects.toThrow('Only the people named');
});
