/**
 * Runs the real bot (`src/app/main.ts`) as a separate OS process, as `npm start` does, configured only
 * through its environment. Captures everything it prints so a failing test can show it, and stops it
 * with SIGTERM (then SIGKILL) or kills it outright like a crash.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Only these are inherited from the test's own environment (Jest sets NODE_ENV=test; nothing else may leak in). */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT'];

export interface BotProcess {
  name: string;
  port: number;
  url: string;
  pid: number;
  /** Everything printed so far, stdout and stderr interleaved, each line prefixed with the name. */
  output(): string;
  /** The pino JSON lines printed on stdout so far. */
  logs(): Array<Record<string, any>>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set once the process has exited. */
  exit?: { code: number | null; signal: NodeJS.Signals | null; atMs: number };
  /** Resolves once `GET /healthz` answers 200; rejects if the process exits first or time runs out. */
  healthy(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, as a crash or a pulled plug. */
  kill(): Promise<void>;
}

/** A TCP port nothing is listening on right now (listen on 0, note it, close). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** True when something accepts a TCP connection on the port. */
export function portAccepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Children still running: killed if the test process exits without stopping them (e.g. --forceExit). */
const live = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `node [nodeFlags] -r ts-node/register/transpile-only src/app/main.ts` with exactly `env`
 * (plus PATH and HOME). `env.PORT` must be set: the caller picks the port.
 */
export function spawnBot(name: string, env: Record<string, string>, nodeFlags: string[] = []): BotProcess {
  if (!env.PORT) throw new Error('spawnBot: set PORT');
  const inherited = Object.fromEntries(INHERITED.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k] as string]));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...nodeFlags, '-r', 'ts-node/register/transpile-only', 'src/app/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  let stdout = '';
  const note = (stream: string) => (chunk: string) => {
    printed += chunk
      .split('\n')
      .filter((line, i, all) => line !== '' || i < all.length - 1)
      .map((line) => `[${name} ${stream}] ${line}\n`)
      .join('');
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    note('out')(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', note('err'));
  live.add(child);
  const started = Date.now();
  const bot: BotProcess = {
    name,
    port: Number(env.PORT),
    url: `http://127.0.0.1:${env.PORT}`,
    pid: child.pid ?? -1,
    output: () => printed,
    logs: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, any>];
          } catch {
            return [];
          }
        }),
    exited: new Promise((done) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        bot.exit = { code, signal, atMs: Date.now() - started };
        done({ code, signal });
      });
    }),
    async healthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (bot.exit) throw new Error(`${name} exited (${bot.exit.code ?? bot.exit.signal}) before answering /healthz:\n${printed}`);
        const ok = await fetch(`${bot.url}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return;
        await sleep(50);
      }
      throw new Error(`${name} did not answer /healthz within ${timeoutMs} ms:\n${printed}`);
    },
    async stop(graceMs = 10_000) {
      if (bot.exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => bot.exit || child.kill('SIGKILL'), graceMs);
      await bot.exited;
      clearTimeout(timer);
    },
    async kill() {
      if (bot.exit) return;
      child.kill('SIGKILL');
      await bot.exited;
    },
  };
  child.once('error', (error) => (printed += `[${name}] spawn failed: ${error.message}\n`));
  return bot;
}
