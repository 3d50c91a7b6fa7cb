/**
 * The bot's side of one SQLite worker thread (`sqlite-worker.js`): numbered requests, each answered
 * once. The worker is unref'd while idle so an open store never keeps a finished process alive.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What a worker refused, with its code (`conflict`, `not-found`, `precondition-failed`, `closed`, `store-failed`, `sqlite`). */
export class WorkerRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How a worker is started. */
export interface WorkerOptions {
  file: string;
  role: 'writer' | 'reader';
  /** Statements run once the connection is open (pragmas, schema). */
  setup: string[];
  /** Tables it may touch. */
  tables: readonly string[];
  /** How long a statement waits for another process's lock before failing. */
  busyMs: number;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** One worker thread and its outstanding requests. */
export class WorkerChannel {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private exited: Error | undefined;
  /** Every write up to this request number is committed. */
  committedUpTo = 0;
  /** COMMITs the worker has made. */
  commits = 0;

  constructor(options: WorkerOptions) {
    // node:sqlite is marked experimental in Node 22 and says so once per thread; the bot's log is not the place.
    this.worker = new Worker(join(__dirname, 'sqlite-worker.js'), { workerData: options, execArgv: ['--disable-warning=ExperimentalWarning'] });
    this.worker.unref();
    this.worker.on('message', (msg: { seq?: number; value?: unknown; error?: { code: string; message: string }; committed?: number; commits?: number }) => {
      if (msg.committed !== undefined) {
        this.committedUpTo = Math.max(this.committedUpTo, msg.committed);
        this.commits = msg.commits ?? this.commits;
        return;
      }
      const waiting = this.pending.get(msg.seq as number);
      if (!waiting) return;
      this.pending.delete(msg.seq as number);
      if (this.pending.size === 0) this.worker.unref();
      if (msg.error) waiting.reject(new WorkerRefusal(msg.error.code, msg.error.message));
      else waiting.resolve(msg.value);
    });
    const fail = (error: Error) => {
      this.exited = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new WorkerRefusal('store-failed', `embedded store worker failed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new WorkerRefusal('closed', `embedded store worker exited (${code})`)));
  }

  /** The number the next request will get. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Sends one request; resolves with the worker's answer or rejects with its refusal. */
  request<T>(message: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...message, seq });
    });
  }

  /** Stops the thread (after a `close` request has been answered). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
