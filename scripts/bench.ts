/**
 * `npm run bench`: throughput and latency of the Teams front door, measured in one run on this machine.
 *
 *   echo        a bare botbuilder echo bot on the same adapter and server (the floor; scripts/bench-echo.ts)
 *   wizard_step one `/report` wizard step: `report-next` choosing a procedure on a freshly started wizard
 *   submit      `report-submit` on a wizard already at its review step (durable write + DSL card queued)
 *   slack_ack   a signed Slack `/report` to its HTTP 200, at 100 in flight (scripts/bench-slack.ts)
 *   aup_sweep   one AUP reminder sweep over 10,000 people on the embedded store (scripts/bench-aup.ts)
 *   digest      every school's weekly digest and the trust view from 100,000 incidents in 50 schools
 *               on the embedded store (scripts/bench-digest.ts)
 *
 * Every request is Bot Framework Activity JSON posted to `/api/messages` with `deliveryMode: 'expectReplies'`,
 * by the same keep-alive HTTP client at the same concurrency. The server under test runs in a child process
 * (this script with `--serve echo|bot`), so the load generator's CPU is not counted against it. Wizards are
 * prepared before timing (each timed request gets its own); warm-up requests are not counted. Stdout carries
 * only the final JSON line; progress and the targets go to stderr. A wrong answer from the bot aborts the run
 * rather than being counted. echo, wizard_step and submit run in three interleaved rounds with both servers
 * up (echo, step, submit, echo, …); each figure is its median round, so the floor and the bot are measured
 * under the same moments of a shared machine's load.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { loadConfig } from '../src/app/config';
import { createBot } from '../src/app/create-bot';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import type { Logger } from '../src/ports/logger';
import { actionActivity, conversation, executeActions, messageActivity, type TeamsUser } from '../test/builders/teams-activity';
import { startEchoServer } from './bench-echo';
import { type AckFigures, measureSlackAck, startSlackApiForBench } from './bench-slack';
import { SIGNING_SECRET } from '../test/builders/slack-request';

const CONCURRENCY = 16;
const COUNTS = { echo: 2000, wizard_step: 2000, submit: 1000 };
/** Interleaved rounds per Teams measurement; each figure is the median round. */
const ROUNDS = 3;
/** Node flags for every server under test (echo included), as `npm start` runs the bot: a larger young
 * generation, so short-lived request garbage is collected less often. */
const SERVER_FLAGS = ['--max-semi-space-size=32'];
/**
 * Not counted. The echo path needs a few thousand requests before V8 has optimised it (the first 1,000 run at
 * about half the steady rate); the bot's paths are also warmed by the preparation requests.
 */
const WARMUP = { echo: 4000, wizard_step: 1000, submit: 500 };
const PROCEDURE = 'filtering-breach';
/** Nothing listens here: proactive sends are not measured (the outbox interval is a minute anyway). */
const DEAD_SERVICE_URL = 'http://127.0.0.1:9';
const USERS = 16;

const log = (line: string) => process.stderr.write(`${line}\n`);
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

// ---------------------------------------------------------------------------------------------
// One HTTP client for all three measurements.

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Reply {
  status: number;
  text: string;
  ms: number;
}

function postRaw(url: URL, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts every body with `CONCURRENCY` requests in flight; returns the replies in body order and the wall time. */
async function load(url: string, bodies: string[]): Promise<{ replies: Reply[]; wallMs: number }> {
  const target = new URL(url);
  const replies: Reply[] = new Array(bodies.length);
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      replies[i] = await postRaw(target, bodies[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, bodies.length) }, worker));
  return { replies, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

// ---------------------------------------------------------------------------------------------
// Figures.

interface Figures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

function figures(replies: Reply[], wallMs: number): Figures {
  const ms = replies.map((r) => r.ms).sort((a, b) => a - b);
  return { rps: round1((replies.length / wallMs) * 1000), p50_ms: round1(percentile(ms, 0.5)), p99_ms: round1(percentile(ms, 0.99)) };
}

/** Warm-up (not counted), then the timed run; every reply is checked afterwards. */
async function measure(name: string, url: string, warmup: string[], timed: string[], check: (reply: Reply, i: number) => void): Promise<Figures> {
  log(`${name}: warm-up ${warmup.length} requests`);
  const warm = await load(url, warmup);
  warm.replies.forEach((r) => check(r, -1));
  log(`${name}: timing ${timed.length} requests at concurrency ${CONCURRENCY}`);
  const { replies, wallMs } = await load(url, timed);
  replies.forEach(check);
  const result = figures(replies, wallMs);
  log(`${name}: ${JSON.stringify(result)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reading the bot's replies.

function parseOk(reply: Reply, what: string): any {
  if (reply.status !== 200) throw new Error(`${what}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
  return JSON.parse(reply.text);
}

/** With expectReplies the invoke response travels in the replies: { type: 'invokeResponse', value: { status, body } }. */
function invokeCard(reply: Reply, what: string): any {
  const body = parseOk(reply, what);
  const card = body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
  if (!card) throw new Error(`${what}: no card in the invoke response: ${reply.text.slice(0, 300)}`);
  return card;
}

function messageCard(reply: Reply, what: string): any {
  const card = parseOk(reply, what)?.activities?.[0]?.attachments?.[0]?.content;
  if (!card) throw new Error(`${what}: no card in the reply: ${reply.text.slice(0, 300)}`);
  return card;
}

const wizardIds = (card: any) =>
  executeActions(card).find((a) => a.verb === 'report-next')?.data ?? executeActions(card).find((a) => a.verb === 'report-submit')?.data;

function refused(card: any): string | undefined {
  const text = JSON.stringify(card);
  return /not recognised|That did not work|could not be found|only the person/i.exec(text)?.[0];
}

// ---------------------------------------------------------------------------------------------
// Wizards, prepared before timing.

const userAt = (i: number): TeamsUser => ({ id: `29:bench-${i}`, aadObjectId: `aad-bench-${i}`, name: `Bench Teacher ${i}` });
const chatAt = (i: number) => conversation('personal', `a:bench-chat-${i}`);
const users: TeamsUser[] = Array.from({ length: USERS }, (_, i) => userAt(i));
const chats = users.map((_, i) => chatAt(i));
/** Each report is started by a different member of staff, as in a school: the per-person limit on starting reports is not what is measured. */
let nextReporter = 0;

interface Wizard {
  user: number;
  ids: Record<string, unknown>;
  card: any;
}

/** Posts `report` n times (each from a different member of staff) and returns each fresh wizard's ids from its card. */
async function startWizards(url: string, n: number): Promise<Wizard[]> {
  const who = Array.from({ length: n }, () => nextReporter++);
  const bodies = who.map((u) => JSON.stringify(messageActivity(DEAD_SERVICE_URL, userAt(u), chatAt(u), 'report')));
  const { replies } = await load(url, bodies);
  return replies.map((reply, i) => {
    const card = messageCard(reply, 'report');
    const ids = wizardIds(card);
    if (!ids || !JSON.stringify(card).includes('What happened?')) throw new Error(`report: not a fresh wizard: ${reply.text.slice(0, 300)}`);
    return { user: who[i]!, ids, card };
  });
}

const nextBody = (w: Wizard, values: Record<string, string>) =>
  JSON.stringify(actionActivity(DEAD_SERVICE_URL, userAt(w.user), chatAt(w.user), 'report-next', { ...w.ids, ...values }));

const submitBody = (w: Wizard) => JSON.stringify(actionActivity(DEAD_SERVICE_URL, userAt(w.user), chatAt(w.user), 'report-submit', w.ids));

/** The answer for the step a card shows, walking `filtering-breach` as a person would. */
function answerFor(card: any): Record<string, string> {
  const text = JSON.stringify(card);
  if (text.includes('What went wrong?')) return { choice: 'got-through' };
  if (text.includes('Did anyone see harmful content')) return { choice: 'nothing' };
  if (text.includes('whenDate')) {
    return {
      whenDate: '2026-11-20',
      whenTime: '10:15',
      where: 'ICT suite',
      url: 'https://example.org/page',
      device: 'School laptop 14, pupil login',
      pupils: 'J.S.',
      description: 'A site that should have been blocked opened during the lesson; the page was closed straight away.',
    };
  }
  if (text.includes('What happened?')) return { choice: PROCEDURE }; // triage (after details: a field has that label too)
  return {}; // guidance, checklist: just carry on
}

/** Walks each wizard (all in parallel waves, CONCURRENCY in flight) to its review step. */
async function walkToReview(url: string, wizards: Wizard[]): Promise<void> {
  let pending = wizards;
  for (let step = 0; pending.length; step++) {
    if (step > 15) throw new Error('walk: review step not reached in 15 steps');
    const { replies } = await load(url, pending.map((w) => nextBody(w, answerFor(w.card))));
    replies.forEach((reply, i) => {
      const w = pending[i]!;
      w.card = invokeCard(reply, 'walk');
      const bad = refused(w.card);
      if (bad) throw new Error(`walk: refused (${bad}): ${reply.text.slice(0, 300)}`);
      const ids = wizardIds(w.card);
      if (!ids) throw new Error(`walk: no wizard ids on the card: ${reply.text.slice(0, 300)}`);
      w.ids = ids;
    });
    pending = pending.filter((w) => !JSON.stringify(w.card).includes('Check and send'));
  }
  for (const w of wizards) {
    if (!executeActions(w.card).some((a) => a.verb === 'report-submit')) throw new Error('walk: review card has no Send button');
  }
}

// ---------------------------------------------------------------------------------------------

// The server under test runs in its own process (this script, forked with `--serve echo|bot`), so the load
// generator's own CPU work neither slows the server nor is counted in its figures.

type Stats = { incidents: number; outbox: number; store: unknown };
type FromServer = { url: string } | { stats: Stats };

async function serve(kind: string, slackApiUrl?: string): Promise<void> {
  const send = (message: FromServer) => process.send?.(message);
  if (kind === 'echo') {
    const echo = await startEchoServer();
    process.once('disconnect', () => void echo.close());
    send({ url: echo.url });
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-'));
  const store = await createEmbeddedStore({ dataDir });
  const slack = slackApiUrl ? { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApiUrl } : {};
  const config = loadConfig({ PLAYGROUND: 'off', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000', LOG_LEVEL: 'silent', SCHEDULER: 'off', ...slack });
  const bot = await createBot({ config, pack: loadPolicyPack('policy'), store, logger: silent, port: 0, slackPort: 0 });
  process.on('message', (message) => {
    if (message !== 'stats') return;
    void Promise.all([store.count('incidents', {}), store.count('outbox', {})]).then(([incidents, outbox]) => send({ stats: { incidents, outbox, store: store.stats() } }));
  });
  // The parent disconnects when it is done (or dies): close everything and remove the temp store.
  process.once('disconnect', () => {
    void (async () => {
      await bot.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    })();
  });
  send({ url: bot.slackUrl ?? bot.url });
}

interface Server {
  url: string;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

async function startServer(kind: 'echo' | 'bot' | 'slack', slackApiUrl?: string): Promise<Server> {
  const child: ChildProcess = fork(__filename, ['--serve', kind, ...(slackApiUrl ? [slackApiUrl] : [])], {
    execArgv: [...SERVER_FLAGS, ...process.execArgv, '-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T>(pick: (m: FromServer) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: FromServer) => {
        const found = pick(m);
        if (found === undefined) return;
        child.off('message', onMessage);
        resolve(found);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`${kind} server exited (${code}) before answering`)));
    });
  const url = await next((m) => ('url' in m ? m.url : undefined));
  return {
    url,
    stats() {
      const answer = next((m) => ('stats' in m ? m.stats : undefined));
      child.send('stats');
      return answer;
    },
    async stop() {
      if (child.connected) child.disconnect();
      const code = await exited;
      if (code !== 0) {
        log(`${kind} server exited with ${code}`);
        process.exitCode = 1;
      }
    },
  };
}

/** Runs a bench script in a process of its own (flags as the bot runs with), so its figures are its own. */
function runScript<T>(name: string, file: string): T {
  log(`${name}: running ${file}`);
  const out = execFileSync(process.execPath, [...SERVER_FLAGS, ...process.execArgv, '-r', 'ts-node/register/transpile-only', join(__dirname, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const figures = JSON.parse(out.toString().trim().split('\n').pop() ?? '{}') as T;
  log(`${name}: ${JSON.stringify(figures)}`);
  return figures;
}

const aupSweep = () => runScript<{ people: number; ms: number; rss_mb: number }>('aup_sweep', 'bench-aup.ts');
const digestBuild = () => runScript<{ incidents: number; schools: number; ms: number }>('digest', 'bench-digest.ts');
/** Presses from `report` to the receipt; the limits are the test's (test/unit/report-every-procedure.test.ts). */
const pressCounts = () => runScript<{ danger_now: number; max: number; by_procedure: Record<string, number> }>('presses', 'bench-presses.ts');
const PRESS_LIMIT = 13;
const DANGER_PRESS_LIMIT = 5;

/** `npm run bench -- --only slack_ack` runs one measurement alone (for working on it); the targets need them all. */
async function slackOnly(): Promise<void> {
  const slackApi = await startSlackApiForBench();
  const slack = await startServer('slack', slackApi.url);
  try {
    process.stdout.write(`${JSON.stringify({ slack_ack: await measureSlackAck(slack.url, slackApi, log) })}\n`);
  } finally {
    await slack.stop();
    await slackApi.close();
  }
}

/** The median round (by throughput), so one slow moment on a shared machine does not decide the figure. */
function median(rounds: Figures[]): Figures {
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * echo, wizard_step and submit, measured in ROUNDS interleaved rounds (echo, step, submit, echo, …) with
 * both servers up, so the floor and the bot are measured in the same moments of this machine's load.
 * Each figure is its median round; every round is printed to stderr.
 */
async function teamsRounds(): Promise<Record<'echo' | 'wizard_step' | 'submit', Figures>> {
  const echo = await startServer('echo');
  const bot = await startServer('bot');
  try {
    const echoBody = (i: number) => JSON.stringify(messageActivity(DEAD_SERVICE_URL, users[i % USERS]!, chats[i % USERS]!, `echo ${i}`));
    const checkEcho = (reply: Reply, i: number) => {
      const said = parseOk(reply, 'echo')?.activities?.[0]?.text;
      if (i >= 0 && said !== `echo ${i}`) throw new Error(`echo: wrong reply ${reply.text.slice(0, 200)}`);
    };
    const checkStep = (reply: Reply) => {
      const card = invokeCard(reply, 'wizard_step');
      const bad = refused(card);
      if (bad || !JSON.stringify(card).includes('What went wrong?')) throw new Error(`wizard_step: unexpected card (${bad ?? 'not the first question'})`);
    };
    const checkSubmit = (reply: Reply) => {
      const card = invokeCard(reply, 'submit');
      const bad = refused(card);
      if (bad || !/ES-\d{4}-\d+/.test(JSON.stringify(card))) throw new Error(`submit: no receipt (${bad ?? 'no reference'}): ${JSON.stringify(card).slice(0, 300)}`);
    };
    const stepTotal = WARMUP.wizard_step + ROUNDS * COUNTS.wizard_step;
    const submitTotal = WARMUP.submit + ROUNDS * COUNTS.submit;
    log(`wizard_step: starting ${stepTotal} wizards`);
    const stepBodies = (await startWizards(bot.url, stepTotal)).map((w) => nextBody(w, { choice: PROCEDURE }));
    log(`submit: walking ${submitTotal} wizards to the review step`);
    const ready = await startWizards(bot.url, submitTotal);
    await walkToReview(bot.url, ready);
    const submitBodies = ready.map(submitBody);
    const before = await bot.stats();

    const echoWarm = Array.from({ length: WARMUP.echo }, (_, i) => echoBody(i));
    const echoTimed = Array.from({ length: COUNTS.echo }, (_, i) => echoBody(i));
    const rounds: Record<'echo' | 'wizard_step' | 'submit', Figures[]> = { echo: [], wizard_step: [], submit: [] };
    for (let r = 0; r < ROUNDS; r++) {
      const stepSlice = stepBodies.slice(WARMUP.wizard_step + r * COUNTS.wizard_step, WARMUP.wizard_step + (r + 1) * COUNTS.wizard_step);
      const submitSlice = submitBodies.slice(WARMUP.submit + r * COUNTS.submit, WARMUP.submit + (r + 1) * COUNTS.submit);
      rounds.echo.push(await measure(`echo round ${r + 1}`, echo.url, r === 0 ? echoWarm : [], echoTimed, checkEcho));
      rounds.wizard_step.push(await measure(`wizard_step round ${r + 1}`, bot.url, r === 0 ? stepBodies.slice(0, WARMUP.wizard_step) : [], stepSlice, checkStep));
      rounds.submit.push(await measure(`submit round ${r + 1}`, bot.url, r === 0 ? submitBodies.slice(0, WARMUP.submit) : [], submitSlice, checkSubmit));
    }
    const after = await bot.stats();
    log(`submit: ${after.incidents - before.incidents} incidents stored, ${after.outbox - before.outbox} outbox messages queued; store ${JSON.stringify(after.store)}`);
    if (after.incidents - before.incidents !== submitTotal) throw new Error(`submit: expected ${submitTotal} new incidents, found ${after.incidents - before.incidents}`);
    return { echo: median(rounds.echo), wizard_step: median(rounds.wizard_step), submit: median(rounds.submit) };
  } finally {
    await echo.stop();
    await bot.stop();
  }
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only === 'slack_ack') return slackOnly();
  if (only === 'digest') {
    process.stdout.write(`${JSON.stringify({ digest: digestBuild() })}\n`);
    return;
  }
  if (only === 'presses') {
    process.stdout.write(`${JSON.stringify({ presses: pressCounts() })}\n`);
    return;
  }
  if (only === 'aup_sweep') {
    process.stdout.write(`${JSON.stringify({ aup_sweep: aupSweep() })}\n`);
    return;
  }
  const results = await teamsRounds();

  // 4. Slack: the same bot with its Slack receiver on, and Slack's Web API faked in this process.
  const slackApi = await startSlackApiForBench();
  const slack = await startServer('slack', slackApi.url);
  let slackAck: AckFigures;
  try {
    slackAck = await measureSlackAck(slack.url, slackApi, log);
  } finally {
    await slack.stop();
    await slackApi.close();
  }

  // 5. The AUP reminder sweep.
  const aup = aupSweep();
  // 6. The weekly digests.
  const digest = digestBuild();
  // 7. Presses from `report` to the receipt.
  const presses = pressCounts();

  const e = results.echo!;
  const w = results.wizard_step!;
  const s = results.submit!;
  const targets = [
    { name: 'wizard_step.rps >= 0.7 x echo.rps', actual: w.rps, limit: round1(0.7 * e.rps), met: w.rps >= 0.7 * e.rps },
    { name: 'wizard_step.p99_ms <= 1.5 x echo.p99_ms', actual: w.p99_ms, limit: round1(1.5 * e.p99_ms), met: w.p99_ms <= 1.5 * e.p99_ms },
    { name: 'submit.rps >= 0.5 x echo.rps', actual: s.rps, limit: round1(0.5 * e.rps), met: s.rps >= 0.5 * e.rps },
    { name: 'slack_ack.p99_ms <= 300', actual: slackAck.p99_ms, limit: 300, met: slackAck.p99_ms <= 300 },
    { name: 'aup_sweep.ms < 1000', actual: aup.ms, limit: 1000, met: aup.ms < 1000 },
    { name: 'digest.ms < 1000', actual: digest.ms, limit: 1000, met: digest.ms < 1000 },
    { name: `presses.max <= ${PRESS_LIMIT}`, actual: presses.max, limit: PRESS_LIMIT, met: presses.max <= PRESS_LIMIT },
    { name: `presses.danger_now <= ${DANGER_PRESS_LIMIT}`, actual: presses.danger_now, limit: DANGER_PRESS_LIMIT, met: presses.danger_now <= DANGER_PRESS_LIMIT },
  ];
  log('targets:');
  for (const t of targets) log(`  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.actual} vs ${t.limit}`);

  process.stdout.write(`${JSON.stringify({ echo: e, wizard_step: w, submit: s, slack_ack: slackAck, aup_sweep: aup, digest, presses })}\n`);
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  serve(process.argv[serveAt + 1] ?? '', process.argv[serveAt + 2]).catch((error) => {
    log(`bench server failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  });
} else {
  main()
    .catch((error) => {
      log(`bench failed: ${(error as Error).stack ?? error}`);
      process.exitCode = 1;
    })
    .finally(() => agent.destroy());
}
