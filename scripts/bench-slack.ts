/**
 * `slack_ack` and its floor for `npm run bench`: the time from a signed `/report` slash command to its
 * HTTP 200, at 100 requests in flight, against the bot's real Slack receiver (guard, tenant gate, first
 * contact, the `/report` listener) and, interleaved round by round, against a bare Bolt app on the same
 * receiver (`scripts/bench-slack-floor.ts`). Every request is signed as Slack signs it, from a different
 * Slack user. Slack's Web API is a fake in a process of its own; each of the bot's acks must lead to
 * exactly one `views.open` there, counted after every round, and the bot's modals are all opened before
 * the floor's next round starts.
 */
import { BenchClient, type Reply, figures, load } from './bench-http';
import { type Summary, summarise } from './bench-rounds';
import type { Server } from './bench-servers';
import { FORM, sign, slashCommandBody } from '../test/builders/slack-request';

export const SLACK_CONCURRENCY = 100;
const WARMUP = 500;
const TIMED = 3000;

export type AckFigures = {
  p50_ms: number;
  p99_ms: number;
};

let sent = 0;

async function timedRun(client: BenchClient, url: string, n: number, what: string): Promise<AckFigures> {
  const base = new URL(url);
  const post = (): Promise<Reply> => {
    const i = sent++;
    const body = slashCommandBody({ id: `U0BENCH${String(i).padStart(6, '0')}`, name: `bench${i}` }, '');
    return client.post(base, '/slack/events', body, { 'content-type': FORM, ...sign(body) });
  };
  const { replies, wallMs } = await load(n, SLACK_CONCURRENCY, post);
  const bad = replies.find((r) => r.status !== 200);
  if (bad) throw new Error(`${what}: HTTP ${bad.status} ${bad.text.slice(0, 200)}`);
  const { p50_ms, p99_ms } = figures(replies, wallMs);
  return { p50_ms, p99_ms };
}

/**
 * `rounds` interleaved rounds (floor, bot, floor, bot …), each server warmed up in the first; every
 * round is logged. Each figure is its median round, with its spread.
 */
export async function slackRounds(
  bot: Server,
  floor: Server,
  api: Server,
  rounds: number,
  log: (line: string) => void,
): Promise<{ slack_ack: Summary<AckFigures>; slack_floor: Summary<AckFigures>; byRound: { slack_ack: AckFigures[]; slack_floor: AckFigures[] } }> {
  const client = new BenchClient(SLACK_CONCURRENCY);
  const results = { slack_ack: [] as AckFigures[], slack_floor: [] as AckFigures[] };
  let modals = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [name, server] of [
        ['slack_floor', floor],
        ['slack_ack', bot],
      ] as const) {
        if (r === 0) {
          log(`${name}: warm-up ${WARMUP} signed /report requests`);
          await timedRun(client, server.url, WARMUP, name);
          if (server === bot) modals += WARMUP;
        }
        log(`${name} round ${r + 1}: timing ${TIMED} signed /report requests at concurrency ${SLACK_CONCURRENCY}`);
        const round = await timedRun(client, server.url, TIMED, name);
        if (server === bot) {
          modals += TIMED;
          await waitForModals(api, modals);
        }
        log(`${name} round ${r + 1}: ${JSON.stringify(round)}`);
        results[name].push(round);
      }
    }
  } finally {
    client.close();
  }
  return { slack_ack: summarise(results.slack_ack), slack_floor: summarise(results.slack_floor), byRound: results };
}

/** Waits until the fake Slack API has seen `count` views.open calls in all; more, or fewer after a minute, fails. */
async function waitForModals(api: Server, count: number): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const seen = await api.ask<number>('calls', 'views.open');
    if (seen > count) throw new Error(`slack_ack: ${seen} modals opened for ${count} /report requests`);
    if (seen === count) return;
    if (Date.now() > until) throw new Error(`slack_ack: only ${seen} of ${count} modals opened within a minute`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
