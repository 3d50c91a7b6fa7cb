/** The AUP's pure rules: when signing is due, which reminder slot is open, and when the bot may send. */
import { AupPolicy } from '../../src/core/policy/aup-policy';
import type { Signature } from '../../src/core/aup/aup-records';
import { dueFor } from '../../src/core/aup/due-date';
import { escalationSlots, reminderSlot } from '../../src/core/aup/reminder-slots';
import { isSendingTime } from '../../src/core/calendar/school-calendar';
import { addMonths } from '../../src/core/calendar/months';

const policy = AupPolicy.parse({
  holidays: [{ name: 'Christmas', from: '2026-12-19', to: '2027-01-04' }],
  workingHours: { start: '08:30', end: '16:30' },
  documents: [
    {
      id: 'staff-aup',
      audience: 'staff',
      title: 'Staff AUP',
      versions: [
        { version: 'v1', published: '2025-09-01', material: true, summary: ['a'], text: 'one' },
        { version: 'v2', published: '2026-01-10', material: false, summary: ['a'], text: 'two' },
        { version: 'v3', published: '2026-06-01', material: true, graceDays: 21, summary: ['a'], text: 'three' },
      ],
    },
  ],
});
const doc = policy.documents[0]!;
const signed = (version: string, at: string): Signature => ({
  id: `p:${version}`,
  schoolId: 's',
  personId: 'p',
  personName: 'P',
  documentId: 'staff-aup',
  audience: 'staff',
  version,
  textHash: 'h',
  signedAt: at,
  channel: 'teams',
  platformUserId: 'u',
});

describe('due date', () => {
  test('never signed: due on the day they were first seen (their appointment)', () => {
    expect(dueFor({ firstSeenAt: '2026-09-07T09:15:00Z' }, doc, [], policy, '2026-07-01')).toMatchObject({ date: '2026-09-07', reason: 'appointment', version: 'v3' });
  });
  test('signed the current version: due again 12 months later', () => {
    expect(dueFor({ firstSeenAt: '2026-01-01T00:00:00Z' }, doc, [signed('v3', '2026-06-05T10:00:00Z')], policy, '2026-07-01')).toMatchObject({ date: '2027-06-05', reason: 'annual' });
  });
  test('a material amendment after the version signed: due at the end of its grace period, if sooner', () => {
    expect(dueFor({ firstSeenAt: '2025-01-01T00:00:00Z' }, doc, [signed('v2', '2026-02-01T10:00:00Z')], policy, '2026-07-01')).toMatchObject({ date: '2026-06-22', reason: 'amendment' });
  });
  test('a non-material amendment does not bring the date forward', () => {
    expect(dueFor({ firstSeenAt: '2025-01-01T00:00:00Z' }, doc, [signed('v1', '2025-12-20T10:00:00Z')], { resignMonths: 12 }, '2026-07-01')).toMatchObject({ date: '2026-06-22', reason: 'amendment' });
    const onlyMinor = { ...doc, versions: doc.versions.slice(0, 2) };
    expect(dueFor({ firstSeenAt: '2025-01-01T00:00:00Z' }, onlyMinor, [signed('v1', '2025-12-20T10:00:00Z')], policy, '2026-07-01')).toMatchObject({ date: '2026-12-20', reason: 'annual' });
  });
  test('a version published later is not in force yet: nothing is due for it before then', () => {
    expect(dueFor({ firstSeenAt: '2025-01-01T00:00:00Z' }, doc, [signed('v2', '2026-02-01T10:00:00Z')], policy, '2026-05-31')).toMatchObject({ date: '2027-02-01', reason: 'annual', version: 'v2' });
  });
  test('the local date counts: a signature at 23:30 UK summer time is the next day', () => {
    expect(dueFor({ firstSeenAt: '2026-01-01T00:00:00Z' }, doc, [signed('v3', '2026-07-01T23:30:00Z')], policy, '2026-07-01').date).toBe('2027-07-02');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
  });
});

describe('reminder slots', () => {
  const r = policy.reminders;
  test.each([
    ['2026-10-01', undefined],
    ['2026-10-02', 'before-14'],
    ['2026-10-12', 'before-14'],
    ['2026-10-13', 'before-3'],
    ['2026-10-16', 'due'],
    ['2026-10-22', 'due'],
    ['2026-10-23', 'overdue-1'],
    ['2026-10-30', 'overdue-2'],
  ])('due 2026-10-16, on %s the open slot is %s', (today, key) => {
    expect(reminderSlot('2026-10-16', today, r)?.key).toBe(key);
  });
  test('escalations: the lead after 14 days overdue, then the head after 28', () => {
    expect(escalationSlots('2026-10-16', '2026-10-29', r)).toEqual([]);
    expect(escalationSlots('2026-10-16', '2026-10-30', r).map((s) => s.role)).toEqual(['esafety-lead']);
    expect(escalationSlots('2026-10-16', '2026-11-13', r).map((s) => s.role)).toEqual(['esafety-lead', 'head']);
  });
});

describe('sending time', () => {
  test.each([
    ['2026-11-23T08:29:00Z', false, 'before 08:30'],
    ['2026-11-23T08:30:00Z', true, 'a Monday at 08:30'],
    ['2026-11-23T16:29:00Z', true, 'just before 16:30'],
    ['2026-11-23T16:30:00Z', false, 'at 16:30'],
    ['2026-11-21T10:00:00Z', false, 'a Saturday'],
    ['2026-11-22T10:00:00Z', false, 'a Sunday'],
    ['2026-12-21T10:00:00Z', false, 'the Christmas holiday'],
    ['2027-01-05T10:00:00Z', true, 'the first day of term'],
    ['2026-06-15T07:45:00Z', true, '08:45 in British Summer Time'],
    ['2026-06-15T15:45:00Z', false, '16:45 in British Summer Time'],
  ])('%s is %s (%s)', (instant, expected) => {
    expect(isSendingTime(new Date(instant), policy)).toBe(expected);
  });
});

test('the pack refuses an escalation to the head before the lead', () => {
  expect(AupPolicy.safeParse({ reminders: { escalateToLeadAfterDays: 20, escalateToHeadAfterDays: 10 } }).success).toBe(false);
});
