/**
 * Calendar months, as AUP due dates and retention both count them: the same day of the target month, or
 * its last day when the month is shorter; years are twelve months, so a leap day becomes 28 February.
 */
import { addMonths, addMonthsToInstant, subtractMonths, subtractMonthsFromInstant } from '../../src/core/calendar/months';

describe('addMonths and subtractMonths on dates', () => {
  test.each([
    ['2026-08-31', -6, '2026-02-28'],
    ['2028-08-31', -6, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2028-03-31', -1, '2028-02-29'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-06-10', 0, '2026-06-10'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2028-02-29', -300, '2003-02-28'],
  ])('%s moved by %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
    expect(subtractMonths(date, -months)).toBe(expected);
  });

  test('on every day of five years: the month moves by exactly n, the day never later than it was', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      for (const n of [-300, -25, -12, -6, -1, 1, 6, 12, 36]) {
        const moved = addMonths(date, n);
        const [y2, m2, d2] = moved.split('-').map(Number) as [number, number, number];
        const lastDay = new Date(Date.UTC(y2, m2, 0)).getUTCDate();
        if (y2 * 12 + m2 !== y * 12 + m + n || d2 !== Math.min(d, lastDay)) wrong.push(`${date} ${n >= 0 ? '+' : ''}${n}: ${moved}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('refuses what is not a date or not a whole number of months, rather than guess', () => {
    expect(() => addMonths('2026-02-30x', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-01-31', 1.5)).toThrow(RangeError);
  });
});

describe('months on instants', () => {
  test('keep the time of day (UTC) and clamp the day', () => {
    expect(subtractMonthsFromInstant(new Date('2026-08-31T23:59:59.999Z'), 6).toISOString()).toBe('2026-02-28T23:59:59.999Z');
    expect(addMonthsToInstant(new Date('2028-01-31T08:15:00Z'), 1).toISOString()).toBe('2028-02-29T08:15:00.000Z');
    expect(subtractMonthsFromInstant(new Date('2026-11-23T10:00:00Z'), 6).toISOString()).toBe('2026-05-23T10:00:00.000Z');
  });

  test('leave the instant they are given unchanged', () => {
    const now = new Date('2026-08-31T10:00:00Z');
    subtractMonthsFromInstant(now, 6);
    expect(now.toISOString()).toBe('2026-08-31T10:00:00.000Z');
  });
});
