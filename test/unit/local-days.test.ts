/**
 * Counts use the school's local days: in British Summer Time an entry or alert at 00:30 on 1 September
 * (23:30 UTC on 31 August) belongs to September, in the filtering counts and the governors' section.
 */
import { localDayStart } from '../../src/core/calendar/local-day';
import { filteringMonitoringLines } from '../../src/core/digest/governors-filtering';
import { filteringCounts } from '../../src/core/filtering/filtering-counts';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import { tempDeps } from '../builders/temp-store';

const SCHOOL = 'oakfield-primary';

test('localDayStart is the instant local midnight begins, either side of the clock changes', () => {
  expect(localDayStart('2026-09-01', 'Europe/London').toISOString()).toBe('2026-08-31T23:00:00.000Z');
  expect(localDayStart('2026-12-01', 'Europe/London').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  // The clocks go forward at 01:00 on 29 March and back at 02:00 on 25 October 2026: midnight is before each.
  expect(localDayStart('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
  expect(localDayStart('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  expect(localDayStart('2026-10-25', 'Europe/London').toISOString()).toBe('2026-10-24T23:00:00.000Z');
  expect(localDayStart('2026-10-26', 'Europe/London').toISOString()).toBe('2026-10-26T00:00:00.000Z');
  expect(localDayStart('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
  expect(localDayStart('2026-07-01', 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
});

test('an entry and an alert at 00:30 BST on 1 September count in September, not August', async () => {
  const env = await tempDeps(new Date('2026-10-01T09:00:00Z'));
  try {
    const at = '2026-08-31T23:30:00.000Z';
    const entry: FilteringEntry = {
      id: 'late-night-breach-000000',
      schoolId: SCHOOL,
      ref: 'FL-LATE00',
      kind: 'block',
      status: 'recorded',
      what: 'badsite.example',
      why: 'found overnight',
      askedBy: { platform: 'teams', userId: 'user-id-3', name: 'Sam Reid' },
      askedAt: at,
    };
    await env.deps.store.create('filtering', entry);
    const alert: AlertRecord = {
      id: 'alert:late-1',
      schoolId: SCHOOL,
      alertId: 'late-1',
      category: 'violence',
      severity: 'low',
      occurredAt: at,
      receivedAt: at,
      reference: 'device-7',
      batchId: 'batch-late',
      status: 'untriaged',
    };
    await env.deps.store.create('alerts', alert);

    expect((await filteringCounts(env.deps, SCHOOL, '2026-09-01', '2026-09-30', 'Europe/London')).byKind.block).toBe(1);
    expect((await filteringCounts(env.deps, SCHOOL, '2026-08-01', '2026-08-31', 'Europe/London')).byKind.block).toBe(0);

    const school = env.deps.pack.schools.find((s) => s.id === SCHOOL);
    if (!school) throw new Error('no school');
    expect(school.timeZone).toBe('Europe/London');
    const september = await filteringMonitoringLines(env.deps, school, '2026-09-01', '2026-09-30');
    const august = await filteringMonitoringLines(env.deps, school, '2026-08-01', '2026-08-31');
    expect(september[0]).toContain('Filtering log entries: 1 ');
    expect(september[1]).toMatch(/^Monitoring alerts: 1 /);
    expect(august[0]).toContain('Filtering log entries: 0 ');
    expect(august[1]).toMatch(/^Monitoring alerts: 0/);
  } finally {
    await env.cleanup();
  }
});
