/**
 * Figures over interleaved rounds: each figure is the median of its rounds, with its spread (the least
 * and the greatest round) beside it, so a reader can see how much one moment of a shared machine moved it.
 */
import { round1 } from './bench-http';

/** The least and the greatest value over the rounds. */
export type Spread = [min: number, max: number];

/** Each figure's median over the rounds, and `spread` with each figure's range. */
export type Summary<T extends Record<string, number>> = T & { rounds: number; spread: { [K in keyof T]: Spread } };

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spreadOf(values: number[]): Spread {
  return [Math.min(...values), Math.max(...values)];
}

/** Every figure's median and spread over `rounds` (one record per round, all with the same figures). */
export function summarise<T extends Record<string, number>>(rounds: T[]): Summary<T> {
  if (!rounds.length) throw new Error('no rounds to summarise');
  const keys = Object.keys(rounds[0]!) as Array<keyof T & string>;
  const medians = {} as Record<string, number>;
  const spread = {} as Record<string, Spread>;
  for (const key of keys) {
    const values = rounds.map((r) => r[key] as number);
    medians[key] = round1(median(values));
    spread[key] = spreadOf(values);
  }
  return { ...(medians as T), rounds: rounds.length, spread: spread as { [K in keyof T]: Spread } };
}

/** "rps 951.2 (683.3–1286.7), p99_ms 56.1 (45.6–112.8)": each figure's median with its spread. */
export function showSummary(summary: { rounds: number; spread: Record<string, Spread> }): string {
  const figures = Object.keys(summary.spread);
  const parts = figures.map((key) => {
    const [min, max] = summary.spread[key]!;
    const median = (summary as unknown as Record<string, number>)[key];
    return summary.rounds > 1 ? `${key} ${median} (${min}–${max})` : `${key} ${median}`;
  });
  return `${parts.join(', ')}${summary.rounds > 1 ? ` over ${summary.rounds} rounds` : ''}`;
}
