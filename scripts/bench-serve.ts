/**
 * One server under test, in its own process (forked by `scripts/bench-servers.ts` as
 * `bench-serve.ts <kind> <json args>`). It reports `{ ready: url }` once listening, answers the
 * parent's questions over IPC, and when the parent disconnects (done, or dead) closes and removes its
 * temporary store. An error nobody handled is reported with the server's name before it exits, so a
 * failed run says which server failed and why.
 *
 *   echo         the floor: a bare botbuilder echo bot (scripts/bench-echo.ts)
 *   bot          the product as `npm start` runs it (outbox and urgent checks on their default
 *                intervals; scheduled jobs off, they have their own figures), on a new embedded store
 *   bot-digest   the same, on a copy of the digest benchmark's store (100,000 incidents in 50 schools),
 *                running the weekly digest job on demand (scripts/bench-beside-digest.ts)
 *   slack        the product with its Slack receiver on its own port, Slack's Web API at args.api
 *   slack-floor  a bare Bolt app on the same receiver (scripts/bench-slack-floor.ts)
 *   slack-api    the fake Slack Web API both Slack servers call (lean: it counts calls)
 *   connector    a fake Bot Connector that accepts every proactive send, as Teams does on a good day
 *                (test/fakes/fake-connector.ts)
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { loadConfig } from '../src/app/config';
import { createBot } from '../src/app/create-bot';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import type { Logger } from '../src/ports/logger';
import { startFakeConnector } from '../test/fakes/fake-connector';
import { startFakeSlackApi } from '../test/fakes/fake-slack-api';
import { SIGNING_SECRET } from '../test/builders/slack-request';
import { startDigestLoop } from './bench-beside-digest';
import { startEchoServer } from './bench-echo';
import { benchPack } from './bench-incidents';
import type { FromServer, ServerKind, ToServer } from './bench-servers';
import { startSlackFloor } from './bench-slack-floor';

type Answerer = (question: string, args: unknown) => Promise<unknown>;

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const say = (line: string) => process.stderr.write(`${line}\n`);
const send = (m: FromServer) => {
  if (process.connected) process.send?.(m, undefined, undefined, () => undefined);
};

/** Starts the server; returns its URL, how to answer questions, and how to close it. */
async function start(kind: ServerKind, args: Record<string, string>): Promise<{ url: string; answer: Answerer; close: () => Promise<void> }> {
  if (kind === 'echo') {
    const echo = await startEchoServer();
    return { url: echo.url, answer: async (q) => unknown(q), close: echo.close };
  }
  if (kind === 'slack-api') {
    const api = await startFakeSlackApi({ lean: true });
    return { url: api.url, answer: async (q, a) => (q === 'calls' ? api.callsTo(String(a)).length : unknown(q)), close: api.close };
  }
  if (kind === 'connector') {
    const connector = await startFakeConnector();
    return { url: connector.url, answer: async (q) => (q === 'calls' ? connector.calls.length : unknown(q)), close: connector.close };
  }
  if (kind === 'slack-floor') {
    const floor = await startSlackFloor(args.api ?? '', SIGNING_SECRET);
    return { url: floor.url, answer: async (q) => unknown(q), close: floor.close };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-'));
  if (kind === 'bot-digest') cpSync(args.seedDir ?? '', dataDir, { recursive: true });
  const store = await createEmbeddedStore({ dataDir });
  const shipped = loadPolicyPack('policy');
  const pack = kind === 'bot-digest' ? benchPack(shipped) : shipped;
  const slack = kind === 'slack' ? { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: args.api ?? '' } : {};
  const config = loadConfig({ PLAYGROUND: 'off', LOG_LEVEL: 'silent', SCHEDULER: 'off', ...slack });
  const bot = await createBot({ config, pack, store, logger: silent, port: 0, slackPort: 0 });
  const digests = kind === 'bot-digest' ? await startDigestLoop(bot.deps, () => bot.jobs.flush()) : undefined;
  const answer: Answerer = async (question) => {
    if (question === 'stats') {
      const status = (value: string) => store.count('outbox', { where: [{ field: 'status', op: '=', value }] });
      const [incidents, outbox, sent, pending] = await Promise.all([store.count('incidents', {}), store.count('outbox', {}), status('sent'), status('pending')]);
      return { incidents, outbox, sent, pending, store: store.stats() };
    }
    if (digests && question === 'digest-on') return digests.on();
    if (digests && question === 'digest-off') return digests.off();
    return unknown(question);
  };
  return {
    url: (kind === 'slack' ? bot.slackUrl : bot.url) ?? '',
    answer,
    async close() {
      await digests?.off();
      await bot.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function unknown(question: string): never {
  throw new Error(`unknown question ${question}`);
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const args = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
  const failed = (what: string) => (error: unknown) => {
    say(`bench ${kind} server: ${what}: ${(error as Error)?.stack ?? error}`);
    process.exit(1);
  };
  process.on('uncaughtException', failed('uncaught exception'));
  process.on('unhandledRejection', failed('unhandled rejection'));
  let server: Awaited<ReturnType<typeof start>>;
  try {
    server = await start(kind, args);
  } catch (error) {
    send({ failed: (error as Error)?.stack ?? String(error) });
    process.exit(1);
  }
  process.on('message', (m: ToServer) => {
    server.answer(m.ask, m.args).then(
      (answer) => send({ id: m.id, answer }),
      (error: unknown) => send({ id: m.id, error: (error as Error)?.message ?? String(error) }),
    );
  });
  // The parent disconnects when it is done (or dies): close everything and remove the temporary store.
  process.once('disconnect', () => {
    server.close().then(() => process.exit(0), failed('closing'));
  });
  send({ ready: server.url });
}

void main();
