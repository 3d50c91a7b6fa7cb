/**
 * `npm run bench`: throughput and latency of both front doors and the cost of the scheduled work, measured
 * in one run on this machine. What each figure includes:
 *
 *   echo          the Teams floor: a bare botbuilder echo bot on the same adapter and restify front door
 *                 (scripts/bench-echo.ts), answering a message with its text
 *   wizard_step   one `report-next` choosing a procedure on a freshly started `/report` wizard: the whole
 *                 request as Teams sends it (tenant gate, wizard read and durable write, the next card)
 *   submit        `report-submit` on a wizard at its review step, to the receipt: the incident, its audit
 *                 and outbox messages written durably; meanwhile, in the same process, the bot's outbox
 *                 delivers the earlier submits' messages (cards to the DSL and the reporter, delivery
 *                 reports, the chronology lines they add) at Teams' rate limits, as on a busy day
 *   wizard_step_beside_digest
 *                 wizard_step on a bot whose store holds the digest benchmark's 100,000 incidents, while
 *                 its own process runs the weekly digest job back to back for the whole timed window
 *                 (queue 51 digests, deliver each through the outbox: build it, render its card;
 *                 scripts/bench-beside-digest.ts)
 *   slack_ack     a signed Slack `/report` to its HTTP 200, at 100 in flight, on the bot's Slack receiver
 *                 (signature guard, tenant gate, first contact, the listener; each leads to one views.open)
 *   slack_floor   the same requests to a bare Bolt app on the same receiver (scripts/bench-slack-floor.ts)
 *   aup_sweep     one AUP reminder sweep over 10,000 people on the embedded store (scripts/bench-aup.ts)
 *   digest        every school's weekly digest and the trust view from 100,000 incidents in 50 schools on
 *                 the embedded store, in a fresh process each round (scripts/bench-digest.ts)
 *   presses       presses from `report` to the receipt for every procedure (scripts/bench-presses.ts)
 *   alert_ingest  signed monitoring alerts a second to a durable triage card queued, through the real bot's
 *                 POST /monitoring/alerts (scripts/bench-alerts.ts); compare with the echo floor above
 *
 * Every server under test runs in a process of its own (scripts/bench-serve.ts), as `npm start` runs the
 * bot (its outbox and urgent checks on their default intervals; scheduled jobs off except where a figure
 * runs one), so the load generator's CPU is not counted against it. The bots' proactive sends go to a
 * fake Bot Connector in a process of its own that accepts every one, as Teams does (test/fakes/fake-connector.ts),
 * and each bot is set up as a school's is: the safeguarding channel registered, and everyone the pack
 * names has a chat with the bot; Teams' rate limits (per conversation and per tenant) apply as ever. Teams requests are Bot Framework
 * Activity JSON posted to `/api/messages` with `deliveryMode: 'expectReplies'` by one keep-alive client,
 * 16 in flight; requests are prepared before timing (each timed request has its own wizard) and warm-up
 * requests are not counted. A wrong answer fails the measurement rather than being counted.
 *
 * Rounds: the Teams figures run in interleaved rounds with every server up (echo, wizard_step, submit,
 * wizard_step_beside_digest, echo, …), Slack's likewise (slack_floor, slack_ack, …); aup_sweep and digest
 * run once per round. Each figure is the median of its rounds, printed with its spread (least–greatest)
 * and given in the JSON as `spread`; targets are decided on the medians.
 *
 * Options: `--rounds N` (default 3); `--only a,b` runs only those measurements (the floors a target needs
 * come along); `--cpu-prof` profiles every server (V8 .cpuprofile files in
 * $TMPDIR/esafety-bench-profiles, named by process id; the path is printed).
 *
 * Stdout carries only the final JSON line; progress and the targets go to stderr. A measurement that fails
 * (a wrong answer, a server that died, an error nobody handled) is reported by name with its cause, its
 * targets print FAILED, the other measurements still run, and the exit code is 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Spread, showSummary, summarise } from './bench-rounds';
import { PROFILE_DIR, SERVER_FLAGS, type Server, type ServerKind, startServer } from './bench-servers';
import { slackRounds } from './bench-slack';
import { judge, showTarget } from './bench-targets';
import { TEAMS_MEASUREMENTS, type TeamsMeasurement, teamsRounds } from './bench-teams';
import { useServiceUrl } from './bench-wizards';

const MEASUREMENTS = [...TEAMS_MEASUREMENTS, 'slack_ack', 'aup_sweep', 'digest', 'presses', 'alert_ingest'] as const;
type Measurement = (typeof MEASUREMENTS)[number];

const log = (line: string) => process.stderr.write(`${line}\n`);

function options(argv: string[]): { rounds: number; only: Measurement[] } {
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const rounds = Number(value('--rounds') ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number, 1 or more');
  const asked = (value('--only') ?? MEASUREMENTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((a) => !(MEASUREMENTS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`--only: no measurement called ${unknown.join(', ')} (there are ${MEASUREMENTS.join(', ')})`);
  return { rounds, only: asked as Measurement[] };
}

// An error nobody handled (an unheard stream 'error', say) fails the measurement under way, by name, instead of
// ending the process with a stack trace and no figures.
let abortCurrent: ((error: unknown) => void) | undefined;
process.on('uncaughtException', (error) => {
  log(`bench: an error nobody handled: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
  abortCurrent?.(error);
});
process.on('unhandledRejection', (error) => {
  log(`bench: a rejection nobody handled: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
  abortCurrent?.(error);
});

const failures: Record<string, string> = {};

/** Runs one step; if it fails, every measurement in `names` is recorded as failed with the cause. */
async function attempt<T>(names: string[], step: () => Promise<T>): Promise<T | undefined> {
  const aborted = new Promise<never>((_, reject) => {
    abortCurrent = reject;
  });
  try {
    return await Promise.race([step(), aborted]);
  } catch (error) {
    const why = ((error as Error)?.message ?? String(error)).split('\n')[0]!.slice(0, 300);
    for (const name of names) failures[name] ??= why;
    log(`FAILED ${names.join(', ')}: ${why}`);
    process.exitCode = 1;
    return undefined;
  } finally {
    abortCurrent = undefined;
  }
}

/** Runs a bench script in a process of its own (flags as the bot runs with); its last stdout line is its JSON. */
function runScript<T>(name: string, file: string, args: string[] = []): Promise<T> {
  log(`${name}: running ${file} ${args.join(' ')}`);
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVER_FLAGS, '-r', 'ts-node/register/transpile-only', join(__dirname, file), ...args], { stdio: ['ignore', 'pipe', 2] });
    if (!child.stdout) return reject(new Error(`${file}: no stdout`));
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stdout.on('error', reject);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${file} exited (${signal ?? code}); its error is above`));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString().trim().split('\n').pop() ?? '') as T);
      } catch {
        reject(new Error(`${file} printed no JSON line`));
      }
    });
  });
}

/** Starts the servers, runs `measure`, and stops them all whatever happened (a stop that fails is reported too). */
async function withServers<T>(names: string[], specs: Array<[ServerKind, Record<string, string>?] | undefined>, measure: (servers: Array<Server | undefined>) => Promise<T>): Promise<T | undefined> {
  const started: Array<Server | undefined> = [];
  try {
    return await attempt(names, async () => {
      for (const spec of specs) started.push(spec ? await startServer(spec[0], spec[1]) : undefined);
      return measure(started);
    });
  } finally {
    for (const server of started) if (server) await attempt(names, () => server.stop());
  }
}

async function main(): Promise<void> {
  const { rounds, only } = options(process.argv.slice(2));
  if (process.argv.includes('--cpu-prof')) log(`profiling every server: .cpuprofile files go to ${PROFILE_DIR}`);
  const asked = (m: Measurement) => only.includes(m);
  const out: Record<string, unknown> = {};
  const byRound: Record<string, Array<Record<string, number>>> = {};
  const keep = (name: string, summary: ({ rounds: number; spread: Record<string, Spread> } & Record<string, unknown>) | undefined, rounds?: Array<Record<string, number>>) => {
    if (!summary) return;
    out[name] = summary;
    if (rounds) byRound[name] = rounds;
    log(`${name}: ${showSummary(summary)}`);
  };
  const scratch = mkdtempSync(join(tmpdir(), 'esafety-bench-run-'));
  try {
    // The digest's store (100,000 incidents) is written once and shared: digest rounds read it, the
    // wizard_step_beside_digest bot opens a copy.
    const seedDir = join(scratch, 'digest-store');
    const needsSeed = asked('digest') || asked('wizard_step_beside_digest');
    if (needsSeed) await attempt(['digest', 'wizard_step_beside_digest'], () => runScript('digest: seeding', 'bench-digest.ts', ['--seed', seedDir]));

    const teams = TEAMS_MEASUREMENTS.filter((m) => asked(m) || m === 'echo');
    if (TEAMS_MEASUREMENTS.some((m) => m !== 'echo' && asked(m)) || asked('echo')) {
      const beside = teams.includes('wizard_step_beside_digest') && !failures.wizard_step_beside_digest;
      const bot = teams.includes('wizard_step') || teams.includes('submit');
      const ran = await withServers(teams, [['connector'], ['echo'], bot ? ['bot'] : undefined, beside ? ['bot-digest', { seedDir }] : undefined], ([connector, echo, botServer, botDigest]) => {
        useServiceUrl(connector!.url);
        return teamsRounds({ echo: echo!, bot: botServer, botDigest }, teams.filter((m) => m !== 'wizard_step_beside_digest' || beside) as TeamsMeasurement[], rounds, log);
      });
      for (const m of TEAMS_MEASUREMENTS) keep(m, ran?.results[m], ran?.byRound[m]);
      if (ran?.results.digest_runs) out.digest_runs = ran.results.digest_runs;
    }

    if (asked('slack_ack')) {
      const api = await attempt(['slack_ack', 'slack_floor'], () => startServer('slack-api'));
      if (api) {
        const ran = await withServers(
          ['slack_ack', 'slack_floor'],
          [
            ['slack', { api: api.url }],
            ['slack-floor', { api: api.url }],
          ],
          ([bot, floor]) => slackRounds(bot!, floor!, api, rounds, log),
        );
        await attempt(['slack_ack', 'slack_floor'], () => api.stop());
        keep('slack_floor', ran?.slack_floor, ran?.byRound.slack_floor);
        keep('slack_ack', ran?.slack_ack, ran?.byRound.slack_ack);
      }
    }

    if (asked('aup_sweep')) {
      const runs = await attempt(['aup_sweep'], async () => {
        const all: Array<{ people: number; ms: number; rss_mb: number }> = [];
        for (let r = 0; r < rounds; r++) all.push(await runScript(`aup_sweep round ${r + 1}`, 'bench-aup.ts'));
        return all;
      });
      if (runs) keep('aup_sweep', { people: runs[0]!.people, ...summarise(runs.map(({ ms, rss_mb }) => ({ ms, rss_mb }))) });
    }

    if (asked('digest') && !failures.digest) {
      const runs = await attempt(['digest'], async () => {
        const all: Array<{ incidents: number; schools: number; ms: number }> = [];
        for (let r = 0; r < rounds; r++) all.push(await runScript(`digest round ${r + 1}`, 'bench-digest.ts', ['--time', seedDir]));
        return all;
      });
      if (runs) keep('digest', { incidents: runs[0]!.incidents, schools: runs[0]!.schools, ...summarise(runs.map(({ ms }) => ({ ms }))) });
    }

    if (asked('alert_ingest')) {
      const runs = await attempt(['alert_ingest'], async () => {
        const all: Array<{ alerts: number; per_second: number }> = [];
        for (let r = 0; r < rounds; r++) all.push(await runScript(`alert_ingest round ${r + 1}`, 'bench-alerts.ts'));
        return all;
      });
      if (runs) keep('alert_ingest', { alerts: runs[0]!.alerts, ...summarise(runs.map(({ per_second }) => ({ per_second }))) });
    }

    if (asked('presses')) {
      const presses = await attempt(['presses'], () => runScript<Record<string, unknown>>('presses', 'bench-presses.ts'));
      if (presses) out.presses = presses;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const selected = new Set<string>([...only, ...(only.some((m) => (TEAMS_MEASUREMENTS as readonly string[]).includes(m)) ? ['echo'] : []), ...(only.includes('slack_ack') ? ['slack_floor'] : [])]);
  const targets = judge({
    figure: (path) => {
      const [name, figure] = path.split('.') as [string, string];
      return (out[name] as Record<string, number> | undefined)?.[figure];
    },
    rounds: (name, figure) => byRound[name]?.map((r) => r[figure]!),
    failure: (name) => failures[name],
    selected: (name) => selected.has(name),
  });
  log('targets:');
  for (const t of targets) log(showTarget(t));
  const failed = Object.keys(failures).length ? { failed: failures } : {};
  process.stdout.write(`${JSON.stringify({ ...out, targets, ...failed })}\n`);
}

main().catch((error) => {
  log(`bench failed: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
});
