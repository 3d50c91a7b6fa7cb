/** Times as a UK teacher reads them, the same words on every platform. */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// Wall-clock values typed into the report carry no zone, so they are shown exactly as typed.
const WALL_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** An instant (ISO with zone) as "Mon 23 Nov 2026, 14:05" in Europe/London; the input unchanged if it is not a date. */
export function formatLondon(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = parts(LONDON, date);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/** A typed "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm" as "Mon 23 Nov 2026, 14:05"; any other text unchanged. */
export function formatWallClock(value: string): string {
  const m = WALL_CLOCK.exec(value.trim());
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(m[3])) return value;
  const p = parts(WALL_DATE, date);
  const day = `${p.weekday} ${p.day} ${p.month} ${p.year}`;
  return m[4] ? `${day}, ${m[4]}:${m[5]}` : day;
}

/** Splits a typed wall-clock value into the parts `Input.Date` and `Input.Time` accept. */
export function splitWallClock(value: string): { date: string; time: string } {
  const m = WALL_CLOCK.exec(value.trim());
  if (!m) return { date: '', time: '' };
  return { date: `${m[1]}-${m[2]}-${m[3]}`, time: m[4] ? `${m[4]}:${m[5]}` : '' };
}

/** "25 minutes", "1 hour 5 minutes": how long ago, in words. */
export function durationWords(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (total < 90) return unit(total, 'minute');
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${unit(hours, 'hour')} ${unit(rest, 'minute')}` : unit(hours, 'hour');
}
