/**
 * The Teams figures for `npm run bench`, in interleaved rounds with every server up: echo (the floor),
 * wizard_step, submit, wizard_step_beside_digest, echo, … so the floor and the bot are measured in the
 * same moments of a shared machine's load. Each server is warmed up before it is first timed (not
 * counted); the submits' warm-up comes before the first round, so from then on the bot's outbox is
 * delivering earlier reports (at Teams' rate limits, to the fake Bot Connector) in every round, as a
 * busy bot's is. How much it has sent and has still to send is logged after each submit round.
 */
import { BenchClient, type Figures, type Reply, figures } from './bench-http';
import type { DigestRuns } from './bench-beside-digest';
import { type Summary, median, summarise } from './bench-rounds';
import type { Server } from './bench-servers';
import { TEAMS_CONCURRENCY, checkEcho, checkStep, checkSubmit, echoBody, loadActivities, setUpSchool, stepBodies, submitBodies } from './bench-wizards';

export const TEAMS_MEASUREMENTS = ['echo', 'wizard_step', 'submit', 'wizard_step_beside_digest'] as const;
export type TeamsMeasurement = (typeof TEAMS_MEASUREMENTS)[number];

const COUNTS: Record<TeamsMeasurement, number> = { echo: 2000, wizard_step: 2000, submit: 1000, wizard_step_beside_digest: 2000 };
/**
 * Not counted. The echo path needs a few thousand requests before V8 has optimised it (the first 1,000 run
 * at about half the steady rate); the bot's paths are also warmed by the preparation requests.
 */
const WARMUP: Record<TeamsMeasurement, number> = { echo: 4000, wizard_step: 1000, submit: 500, wizard_step_beside_digest: 1000 };

export interface TeamsServers {
  echo: Server;
  bot?: Server;
  botDigest?: Server;
}

export type TeamsResults = Partial<Record<TeamsMeasurement, Summary<Figures>>> & { digest_runs?: { runs: number; median_run_ms: number } };
/** Each measurement's rounds in order (round r of each was measured in the same stretch of time). */
export type ByRound = Partial<Record<TeamsMeasurement, Figures[]>>;

type Stats = { incidents: number; outbox: number; sent: number; pending: number; store: unknown };

async function warmUp(client: BenchClient, name: string, url: string, warmup: string[], check: (reply: Reply, i: number) => void, log: (l: string) => void): Promise<void> {
  if (!warmup.length) return;
  log(`${name}: warm-up ${warmup.length} requests`);
  (await loadActivities(client, url, warmup)).replies.forEach((r) => check(r, -1));
}

async function timed(client: BenchClient, name: string, url: string, warmup: string[], bodies: string[], check: (reply: Reply, i: number) => void, log: (l: string) => void): Promise<Figures> {
  await warmUp(client, name, url, warmup, check, log);
  log(`${name}: timing ${bodies.length} requests at concurrency ${TEAMS_CONCURRENCY}`);
  const { replies, wallMs } = await loadActivities(client, url, bodies);
  replies.forEach(check);
  return figures(replies, wallMs);
}

/** Every selected Teams measurement over `rounds` rounds; each figure is the median of its rounds, with its spread. */
export async function teamsRounds(servers: TeamsServers, selected: TeamsMeasurement[], rounds: number, log: (l: string) => void): Promise<{ results: TeamsResults; byRound: ByRound }> {
  const client = new BenchClient(TEAMS_CONCURRENCY);
  const has = (m: TeamsMeasurement) => selected.includes(m);
  const need = (m: TeamsMeasurement) => WARMUP[m] + rounds * COUNTS[m];
  const slice = (all: string[], m: TeamsMeasurement, r: number) => all.slice(WARMUP[m] + r * COUNTS[m], WARMUP[m] + (r + 1) * COUNTS[m]);
  const warm = (all: string[], m: TeamsMeasurement, r: number) => (r === 0 ? all.slice(0, WARMUP[m]) : []);
  const { echo, bot, botDigest } = servers;
  try {
    const bodies: Partial<Record<TeamsMeasurement, string[]>> = {};
    for (const server of [bot, botDigest]) if (server) await setUpSchool(client, server.url);
    if (has('wizard_step') && bot) {
      log(`wizard_step: starting ${need('wizard_step')} wizards`);
      bodies.wizard_step = await stepBodies(client, bot.url, need('wizard_step'));
    }
    if (has('submit') && bot) {
      log(`submit: walking ${need('submit')} wizards to the review step`);
      bodies.submit = await submitBodies(client, bot.url, need('submit'));
    }
    if (has('wizard_step_beside_digest') && botDigest) {
      log(`wizard_step_beside_digest: starting ${need('wizard_step_beside_digest')} wizards`);
      bodies.wizard_step_beside_digest = await stepBodies(client, botDigest.url, need('wizard_step_beside_digest'));
    }
    const before = bot && has('submit') ? await bot.ask<Stats>('stats') : undefined;
    if (bodies.submit && bot) await warmUp(client, 'submit', bot.url, bodies.submit.slice(0, WARMUP.submit), checkSubmit, log);
    const echoWarm = Array.from({ length: WARMUP.echo }, (_, i) => echoBody(i));
    const echoTimed = Array.from({ length: COUNTS.echo }, (_, i) => echoBody(i));
    const results: Partial<Record<TeamsMeasurement, Figures[]>> = {};
    const push = (m: TeamsMeasurement, f: Figures, r: number) => {
      log(`${m} round ${r + 1}: ${JSON.stringify(f)}`);
      results[m] = [...(results[m] ?? []), f];
    };
    const runMs: number[] = [];
    let digestRuns = 0;
    for (let r = 0; r < rounds; r++) {
      push('echo', await timed(client, `echo round ${r + 1}`, echo.url, r === 0 ? echoWarm : [], echoTimed, checkEcho, log), r);
      if (bodies.wizard_step && bot) {
        push(
          'wizard_step',
          await timed(client, `wizard_step round ${r + 1}`, bot.url, warm(bodies.wizard_step, 'wizard_step', r), slice(bodies.wizard_step, 'wizard_step', r), checkStep('wizard_step'), log),
          r,
        );
      }
      if (bodies.submit && bot) {
        push('submit', await timed(client, `submit round ${r + 1}`, bot.url, [], slice(bodies.submit, 'submit', r), checkSubmit, log), r);
        const now = await bot.ask<Stats>('stats');
        log(`submit round ${r + 1}: the outbox has sent ${now.sent} messages and has ${now.pending} still to send`);
      }
      if (bodies.wizard_step_beside_digest && botDigest) {
        const m = 'wizard_step_beside_digest';
        const all = bodies.wizard_step_beside_digest;
        await warmUp(client, `${m} round ${r + 1} (digest not yet running)`, botDigest.url, warm(all, m, r), checkStep(m), log);
        await botDigest.ask('digest-on');
        let f: Figures;
        try {
          f = await timed(client, `${m} round ${r + 1}`, botDigest.url, [], slice(all, m, r), checkStep(m), log);
        } finally {
          const ran = await botDigest.ask<DigestRuns>('digest-off');
          if (ran) {
            log(`${m} round ${r + 1}: the digest job ran ${ran.runs} time(s) back to back through the ${ran.window_ms} ms window (each ${ran.run_ms.join(', ')} ms)`);
            runMs.push(...ran.run_ms);
            digestRuns += ran.runs;
          }
        }
        push(m, f, r);
      }
    }
    if (bot && before) {
      const after = await bot.ask<Stats>('stats');
      const submitted = need('submit');
      log(`submit: ${after.incidents - before.incidents} incidents stored, ${after.outbox - before.outbox} outbox messages queued; store ${JSON.stringify(after.store)}`);
      if (after.incidents - before.incidents !== submitted) throw new Error(`submit: expected ${submitted} new incidents, found ${after.incidents - before.incidents}`);
    }
    const out: TeamsResults = {};
    for (const m of TEAMS_MEASUREMENTS) if (results[m]) out[m] = summarise(results[m]!);
    if (runMs.length) out.digest_runs = { runs: digestRuns, median_run_ms: Math.round(median(runMs)) };
    return { results: out, byRound: results };
  } finally {
    client.close();
  }
}
