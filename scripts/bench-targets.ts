/**
 * The benchmark's targets, each decided on the median figures and printed MET, MISSED, or FAILED (with
 * the measurement that failed and why). A ratio target also shows the ratio round by round, since round
 * r of the floor and of the bot were measured in the same stretch of time.
 */
import { round1 } from './bench-http';
import { spreadOf } from './bench-rounds';

export const PRESS_LIMIT = 13;
export const DANGER_PRESS_LIMIT = 5;

export interface Target {
  name: string;
  verdict: 'MET' | 'MISSED' | 'FAILED';
  actual?: number;
  limit?: number;
  /** The ratio of bot to floor in each round, least and greatest. */
  per_round?: [number, number];
  why?: string;
}

/** What a target reads: a figure's median (by "measurement.figure"), its rounds, and failures by measurement. */
export interface Measured {
  figure(path: string): number | undefined;
  rounds(measurement: string, figure: string): number[] | undefined;
  failure(measurement: string): string | undefined;
  selected(measurement: string): boolean;
}

interface Rule {
  name: string;
  uses: string[];
  /** `actual` and `limit`; `ratio` when the limit is a multiple of a floor figure. */
  check(m: Measured): { actual: number; limit: number; met: boolean; ratio?: { bot: string; floor: string; figure: string } };
}

const fig = (m: Measured, path: string) => {
  const v = m.figure(path);
  if (v === undefined || Number.isNaN(v)) throw new Error(`${path} was not measured`);
  return v;
};

const atLeast = (bot: string, floor: string, figure: string, times: number): Rule => ({
  name: `${bot}.${figure} >= ${times} x ${floor}.${figure}`,
  uses: [bot, floor],
  check: (m) => {
    const actual = fig(m, `${bot}.${figure}`);
    const limit = times * fig(m, `${floor}.${figure}`);
    return { actual, limit, met: actual >= limit, ratio: { bot, floor, figure } };
  },
});

const atMost = (bot: string, floor: string, figure: string, times: number): Rule => ({
  name: `${bot}.${figure} <= ${times} x ${floor}.${figure}`,
  uses: [bot, floor],
  check: (m) => {
    const actual = fig(m, `${bot}.${figure}`);
    const limit = times * fig(m, `${floor}.${figure}`);
    return { actual, limit, met: actual <= limit, ratio: { bot, floor, figure } };
  },
});

const under = (path: string, limit: number, inclusive = false): Rule => ({
  name: `${path} ${inclusive ? '<=' : '<'} ${limit}`,
  uses: [path.split('.')[0]!],
  check: (m) => {
    const actual = fig(m, path);
    return { actual, limit, met: inclusive ? actual <= limit : actual < limit };
  },
});

export const RULES: Rule[] = [
  atLeast('wizard_step', 'echo', 'rps', 0.7),
  atMost('wizard_step', 'echo', 'p99_ms', 1.5),
  atLeast('submit', 'echo', 'rps', 0.7),
  atMost('wizard_step_beside_digest', 'echo', 'p99_ms', 1.5),
  atMost('slack_ack', 'slack_floor', 'p99_ms', 1.5),
  under('aup_sweep.ms', 1000),
  under('digest.ms', 1000),
  under('presses.max', PRESS_LIMIT, true),
  under('presses.danger_now', DANGER_PRESS_LIMIT, true),
];

/** Every target whose measurements were all asked for; FAILED where one of them failed or a figure is missing. */
export function judge(m: Measured): Target[] {
  const targets: Target[] = [];
  for (const rule of RULES) {
    if (!rule.uses.every((u) => m.selected(u))) continue;
    const failed = rule.uses.find((u) => m.failure(u));
    if (failed) {
      targets.push({ name: rule.name, verdict: 'FAILED', why: `${failed} failed: ${m.failure(failed)}` });
      continue;
    }
    try {
      const { actual, limit, met, ratio } = rule.check(m);
      const target: Target = { name: rule.name, verdict: met ? 'MET' : 'MISSED', actual, limit: round1(limit) };
      const bot = ratio && m.rounds(ratio.bot, ratio.figure);
      const floor = ratio && m.rounds(ratio.floor, ratio.figure);
      if (bot && floor && bot.length === floor.length && bot.length > 1) {
        const [lo, hi] = spreadOf(bot.map((b, i) => b / floor[i]!));
        target.per_round = [Math.round(lo * 100) / 100, Math.round(hi * 100) / 100];
      }
      targets.push(target);
    } catch (error) {
      targets.push({ name: rule.name, verdict: 'FAILED', why: (error as Error).message });
    }
  }
  return targets;
}

export function showTarget(t: Target): string {
  const verdict = t.verdict.padEnd(6);
  if (t.verdict === 'FAILED') return `  ${verdict} ${t.name}: ${t.why}`;
  const rounds = t.per_round ? ` (ratio by round ${t.per_round[0]}–${t.per_round[1]})` : '';
  return `  ${verdict} ${t.name}: ${t.actual} vs ${t.limit}${rounds}`;
}
