/**
 * `slack_ack` for `npm run bench`: the time from a signed `/report` slash command to its HTTP 200, at 100
 * requests in flight, against the real Slack receiver in the bot's process. Slack's Web API is a local
 * fake in the load generator's process (views.open lands there after each ack); every request is
 * signed as Slack signs it, and each must lead to exactly one modal or the run fails.
 */
import http from 'node:http';
import { type FakeSlackApi, startFakeSlackApi } from '../test/fakes/fake-slack-api';
import { FORM, sign, slashCommandBody } from '../test/builders/slack-request';

export const SLACK_CONCURRENCY = 100;
const WARMUP = 500;
const TIMED = 3000;

export interface AckFigures {
  p50_ms: number;
  p99_ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: SLACK_CONCURRENCY });

function postSigned(url: URL, body: string): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': FORM, 'content-length': Buffer.byteLength(body), ...sign(body) };
    const started = process.hrtime.bigint();
    const req = http.request({ agent, host: url.hostname, port: url.port, path: '/slack/events', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(url: string, n: number, offset: number): Promise<number[]> {
  const target = new URL(url);
  const ms: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = offset + next++;
      const reply = await postSigned(target, slashCommandBody({ id: `U0BENCH${String(i).padStart(6, '0')}`, name: `bench${i}` }, ''));
      if (reply.status !== 200) throw new Error(`slack_ack: HTTP ${reply.status}`);
      ms.push(reply.ms);
    }
  };
  await Promise.all(Array.from({ length: SLACK_CONCURRENCY }, worker));
  return ms.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? NaN;
const round1 = (n: number) => Math.round(n * 10) / 10;

export async function startSlackApiForBench(): Promise<FakeSlackApi> {
  return startFakeSlackApi({ lean: true });
}

/** Warm-up (not counted), then the timed run. Waits for every modal to be opened before it returns. */
export async function measureSlackAck(slackUrl: string, api: FakeSlackApi, log: (line: string) => void): Promise<AckFigures> {
  log(`slack_ack: warm-up ${WARMUP} signed /report requests`);
  await load(slackUrl, WARMUP, 0);
  log(`slack_ack: timing ${TIMED} signed /report requests at concurrency ${SLACK_CONCURRENCY}`);
  const ms = await load(slackUrl, TIMED, WARMUP);
  await api.waitFor('views.open', WARMUP + TIMED, 60_000);
  if (api.callsTo('views.open').length !== WARMUP + TIMED) throw new Error('slack_ack: not one modal per /report');
  agent.destroy();
  const figures = { p50_ms: round1(pct(ms, 0.5)), p99_ms: round1(pct(ms, 0.99)) };
  log(`slack_ack: ${JSON.stringify(figures)}`);
  return figures;
}
