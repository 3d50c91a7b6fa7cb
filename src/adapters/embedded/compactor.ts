/**
 * Decides when to fold the journal into a snapshot, and does it without stopping writes: the
 * journal is cut and the table captured in one synchronous step, then the snapshot is written
 * while new writes go to the next journal.
 */
import type { DocTable } from './doc-table';
import type { Journal } from './journal';
import { removeJournalsBefore, writeSnapshot } from './snapshot';

/** After a failed compaction (say, a full disk), wait this long before trying again. */
const RETRY_AFTER_MS = 60_000;

/** Owns compaction for one open store. */
export class Compactor {
  compactions = 0;
  lastError?: string;
  private running?: Promise<void>;
  private retryAt = 0;
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly table: DocTable,
    private readonly journal: Journal,
    /** Compact once the journal is larger than this and than the last snapshot. */
    private readonly afterBytes: number,
    public snapshotBytes: number,
  ) {}

  /** Compacts now; if a compaction is under way, runs a fresh one after it. */
  compact(): Promise<void> {
    const previous = this.running?.catch(() => undefined);
    const run: Promise<void> = (previous ? previous.then(() => this.run()) : this.run()).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** Starts a background compaction if the journal has outgrown the snapshot. */
  compactIfDue(journalBytes: number): void {
    if (this.stopped || this.running || this.journal.failure || Date.now() < this.retryAt) return;
    if (journalBytes <= Math.max(this.afterBytes, this.snapshotBytes)) return;
    this.compact().catch((err: unknown) => {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.retryAt = Date.now() + RETRY_AFTER_MS;
    });
  }

  /** Starts no more background compactions; resolves once a running one has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running) await this.running.catch(() => undefined);
  }

  private async run(): Promise<void> {
    // Records are immutable, so this list stays exactly the state at the cut.
    const records = this.table.all();
    const journalFrom = await this.journal.rotate();
    this.snapshotBytes = await writeSnapshot(this.dir, records, journalFrom);
    await removeJournalsBefore(this.dir, journalFrom);
    this.compactions++;
    this.lastError = undefined;
  }
}
