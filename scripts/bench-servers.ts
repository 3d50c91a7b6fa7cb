/**
 * The servers under test, each in a child process of its own (`scripts/bench-serve.ts`), so the load
 * generator's CPU is not counted against them. The parent asks a server questions over IPC (`ask`);
 * a server that dies makes every pending and later question fail with its exit code, so the measurement
 * using it fails with a reason instead of the benchmark crashing. A child's output goes to stderr, never
 * to stdout (which carries only the final JSON line).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServerKind = 'echo' | 'bot' | 'bot-digest' | 'slack' | 'slack-floor' | 'slack-api' | 'connector';

/** What a child sends: its address once listening, an answer to a question, or why it could not start. */
export type FromServer = { ready: string } | { failed: string } | { id: number; answer?: unknown; error?: string };
/** What the parent sends: a question with an id. */
export type ToServer = { id: number; ask: string; args?: unknown };

/**
 * Node flags for every process under test (echo included), as `npm start` runs the bot: a larger young
 * generation, so short-lived request garbage is collected less often.
 */
export const SERVER_FLAGS = ['--max-semi-space-size=32', '--disable-warning=DEP0111'];

/** Where `--cpu-prof` puts the servers' V8 CPU profiles (one `.cpuprofile` per process). */
export const PROFILE_DIR = join(tmpdir(), 'esafety-bench-profiles');
/** `--cpu-prof` on the bench command line is passed to the servers. */
const profiling = process.argv.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

export interface Server {
  kind: ServerKind;
  url: string;
  ask<T>(question: string, args?: unknown): Promise<T>;
  /** Why the server is gone, if it is. */
  gone(): string | undefined;
  stop(): Promise<void>;
}

export async function startServer(kind: ServerKind, args: Record<string, string> = {}, startTimeoutMs = 120_000): Promise<Server> {
  const child: ChildProcess = fork(join(__dirname, 'bench-serve.ts'), [kind, JSON.stringify(args)], {
    execArgv: [...SERVER_FLAGS, ...profiling, '-r', 'ts-node/register/transpile-only'],
    // The child's stdout goes to our stderr: a stray line from a library must not corrupt the JSON on stdout.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let goneWhy: string | undefined;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      goneWhy = `the ${kind} server exited (${signal ?? code})`;
      for (const p of pending.values()) p.reject(new Error(goneWhy));
      pending.clear();
      resolve(code);
    });
  });
  // Without a listener, a failed send (the child already gone) would be thrown as an unhandled 'error' event.
  child.on('error', (error) => {
    goneWhy ??= `the ${kind} server failed: ${error.message}`;
  });
  child.on('message', (m: FromServer) => {
    if ('id' in m) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`${kind} server: ${m.error}`));
      else p?.resolve(m.answer);
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${kind} server did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const onMessage = (m: FromServer) => {
      if ('ready' in m) resolve(m.ready);
      else if ('failed' in m) reject(new Error(`the ${kind} server could not start: ${m.failed}`));
      else return;
      clearTimeout(timer);
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited (${code}) before it was ready`));
    });
  }).catch(async (error) => {
    child.kill();
    await exited;
    throw error;
  });
  return {
    kind,
    url,
    gone: () => goneWhy,
    ask<T>(question: string, args?: unknown): Promise<T> {
      if (goneWhy || !child.connected) return Promise.reject(new Error(goneWhy ?? `the ${kind} server is not connected`));
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
      child.send({ id, ask: question, args } satisfies ToServer, (error) => {
        if (error) pending.get(id)?.reject(new Error(`${kind} server: ${error.message}`));
      });
      return answer;
    },
    async stop() {
      // Disconnecting tells the child to close and clean up; it is killed if it has not gone in 60 s.
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the ${kind} server exited with ${code} when stopped`);
    },
  };
}
