/**
 * The durable local document store used by default: every document in memory, every mutation
 * appended to a journal and fsynced (group commit) before its promise resolves, the journal
 * periodically folded into a snapshot. One process per data directory, enforced by a lock file.
 */
import type { DocumentStore } from '../../ports/document-store';
import { acquireDirLock } from './dir-lock';
import { mkdirDurable, ownerOnly } from './fs-durable';
import { Journal } from './journal';
import { recover } from './recover';
import { Compactor } from './compactor';
import { EmbeddedDocumentStore } from './embedded-document-store';

export { DataDirLockedError } from './dir-lock';
export { EmbeddedStoreCorruptError } from './recover';
export { InvalidDocumentError } from './validate-doc';
export { InvalidQueryError } from './query-match';

export interface EmbeddedStoreOptions {
  /** Directory for the journal, snapshot and lock; created if missing. Must be on a local disk. */
  dataDir: string;
  /**
   * Compact once the journal exceeds this many bytes and the size of the last snapshot.
   * Default 32 MiB. Small values are for tests.
   */
  compactAfterBytes?: number;
}

/** Figures for benchmarks and health checks. */
export interface EmbeddedStoreStats {
  docs: number;
  /** Journal fdatasync calls since open (each covers one group-committed batch). */
  fsyncs: number;
  journalBytes: number;
  snapshotBytes: number;
  compactions: number;
  /** The last failed compaction, if any; compaction is retried and data is not at risk. */
  lastCompactionError?: string;
}

/** The embedded store: the port plus operations only this implementation has. */
export interface EmbeddedStore extends DocumentStore {
  stats(): EmbeddedStoreStats;
  /** Folds the journal into a fresh snapshot now (normally automatic). */
  compact(): Promise<void>;
}

const DEFAULT_COMPACT_AFTER_BYTES = 32 * 1024 * 1024;

/**
 * Opens (creating if needed) the store in `dataDir`. Fails with `DataDirLockedError` if another
 * live process has it open, and `EmbeddedStoreCorruptError` if a file is damaged other than by a
 * torn final write. Limits: the whole data set lives in memory; one process per directory.
 */
export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const dir = options.dataDir;
  await mkdirDurable(dir);
  await ownerOnly(dir);
  const lock = await acquireDirLock(dir);
  try {
    const state = await recover(dir);
    const afterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    let compactor: Compactor | undefined;
    const journal = await Journal.openAt(dir, state.journalGen, state.journalBytes, () => compactor?.compactIfDue(journal.bytes));
    compactor = new Compactor(dir, state.table, journal, afterBytes, state.snapshotBytes);
    compactor.compactIfDue(state.replayedBytes);
    return new EmbeddedDocumentStore(state.table, journal, compactor, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}
