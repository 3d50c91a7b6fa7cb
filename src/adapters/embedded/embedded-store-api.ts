/** What the embedded store offers beyond the `DocumentStore` port (its own figures and upkeep). */
import type { DocumentStore } from '../../ports/document-store';

/** Figures for benchmarks and health checks. */
export interface EmbeddedStoreStats {
  file: string;
  /** COMMITs since open; each is one fsync of the write-ahead log, shared by every write in it. */
  commits: number;
  /** Explicit `compact()` calls (SQLite also checkpoints on its own). */
  compactions: number;
  queries: number;
}

/** The embedded store: the port plus operations only this implementation has. */
export interface EmbeddedStore extends DocumentStore {
  stats(): EmbeddedStoreStats;
  /** Folds the write-ahead log into the database file now (normally automatic). */
  compact(): Promise<void>;
}
