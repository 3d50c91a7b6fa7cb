/**
 * The append-only journal with group commit: every mutation queued while one write + fdatasync is
 * in flight goes out together in the next one, so N concurrent writes cost a handful of fsyncs.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeJournalHeader } from './journal-format';
import { FILE_MODE, fsyncDir, writeFully } from './fs-durable';

/** `journal-000007.jsonl`: the zero padding keeps a plain directory listing in replay order. */
export function journalFileName(gen: number): string {
  return `journal-${String(gen).padStart(6, '0')}.jsonl`;
}

/** The journal generations among directory entries, ascending. */
export function journalGens(names: readonly string[]): number[] {
  const gens = names.flatMap((n) => {
    const m = /^journal-(\d+)\.jsonl$/.exec(n);
    return m ? [Number(m[1])] : [];
  });
  return gens.sort((a, b) => a - b);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  // Nobody may be waiting (a barrier nobody awaited); the failure still reaches every real waiter.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface Batch {
  lines: string[];
  done: Deferred<void>;
  /** Set when the journal should move to a new file once this batch is durable. */
  rotated?: Deferred<number>;
}

/** The open journal file and its queue of batches. Limits: one writer per data directory (see the lock). */
export class Journal {
  private open?: Batch;
  private readonly sealed: Batch[] = [];
  private inFlight?: Batch;
  /** The running drain loop, if any. */
  private draining?: Promise<void>;
  private closed = false;
  /** Set by the first failed write or fsync; the journal refuses everything after that. */
  failure?: Error;
  fsyncs = 0;

  private constructor(
    private readonly dir: string,
    private handle: FileHandle,
    /** Generation of the file currently appended to. */
    public gen: number,
    /** Durable size of the current file. */
    public bytes: number,
    /** Called after each durable batch (the store uses it to decide when to compact). */
    private readonly onDurable: () => void,
  ) {}

  /** Opens journal `gen` for appending, writing its header first if the file is new or empty. */
  static async openAt(dir: string, gen: number, bytes: number, onDurable: () => void): Promise<Journal> {
    const handle = await open(join(dir, journalFileName(gen)), 'a', FILE_MODE);
    const journal = new Journal(dir, handle, gen, bytes, onDurable);
    if (bytes === 0) {
      await journal.writeHeader();
      // The file may be new: its directory entry must be durable before any write is acknowledged.
      await fsyncDir(dir);
    }
    return journal;
  }

  /** Queues `line`; resolves once it is on disk. */
  append(line: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('embedded store journal is closed'));
    const batch = this.current();
    batch.lines.push(line);
    this.kick();
    return batch.done.promise;
  }

  /** Resolves once everything queued so far is durable; undefined when nothing is pending. */
  barrier(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    // Batches become durable in queue order, so the newest one covers all the others.
    const newest = this.open ?? this.sealed[this.sealed.length - 1] ?? this.inFlight;
    return newest?.done.promise;
  }

  /**
   * Ends the current file after everything queued so far and continues in a new one. Decided
   * synchronously, so the caller can capture the in-memory state that matches the cut exactly.
   * Resolves with the new generation once the new file exists durably.
   */
  rotate(): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    const batch = this.current();
    batch.rotated ??= deferred<number>();
    this.open = undefined;
    this.sealed.push(batch);
    this.kick();
    return batch.rotated.promise;
  }

  /** Waits for queued writes, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.draining;
    await this.handle.close();
  }

  private current(): Batch {
    this.open ??= { lines: [], done: deferred<void>() };
    return this.open;
  }

  private kick(): void {
    if (this.draining) return;
    // setImmediate rather than a microtask: writes issued from the same I/O turn join one batch.
    this.draining = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private next(): Batch | undefined {
    const sealed = this.sealed.shift();
    if (sealed) return sealed;
    const batch = this.open;
    this.open = undefined;
    return batch;
  }

  private async drain(): Promise<void> {
    for (let batch = this.next(); batch; batch = this.next()) {
      this.inFlight = batch;
      try {
        if (batch.lines.length > 0) {
          const data = Buffer.from(batch.lines.join(''), 'utf8');
          await writeFully(this.handle, data);
          await this.handle.datasync();
          this.fsyncs++;
          this.bytes += data.length;
        }
        batch.done.resolve();
        if (batch.rotated) batch.rotated.resolve(await this.switchFile());
      } catch (err) {
        this.fail(err, batch);
        return;
      } finally {
        this.inFlight = undefined;
      }
      this.onDurable();
    }
    this.draining = undefined;
  }

  private async switchFile(): Promise<number> {
    await this.handle.close();
    const gen = this.gen + 1;
    this.handle = await open(join(this.dir, journalFileName(gen)), 'ax', FILE_MODE);
    this.gen = gen;
    this.bytes = 0;
    await this.writeHeader();
    await fsyncDir(this.dir);
    return gen;
  }

  private async writeHeader(): Promise<void> {
    const data = Buffer.from(encodeJournalHeader(this.gen), 'utf8');
    await writeFully(this.handle, data);
    await this.handle.datasync();
    this.fsyncs++;
    this.bytes += data.length;
  }

  /**
   * After a failed write or fsync the file's state is unknown (and a retried fsync can report
   * success for pages the kernel already dropped), so every pending and later write is refused.
   */
  private fail(err: unknown, batch: Batch): void {
    const cause = err instanceof Error ? err.message : String(err);
    this.failure = new Error(`embedded store write failed (${cause}); reopen the store to continue`, { cause: err });
    for (const b of [batch, ...this.sealed.splice(0), ...(this.open ? [this.open] : [])]) {
      b.done.reject(this.failure);
      b.rotated?.reject(this.failure);
    }
    this.open = undefined;
    this.draining = undefined;
  }
}
