/**
 * The `DocumentStore` operations over the in-memory table and the journal.
 *
 * Every mutation updates the table synchronously (so concurrent creates and etag checks see each
 * other at once) and resolves only once its journal batch is durable. Reads and refusals also wait
 * for the pending batch: a caller is never shown, or refused because of, a write that a crash
 * could still undo.
 */
import { randomBytes } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  type Collection,
  type Doc,
  type Query,
  type Stored,
  type WriteOptions,
} from '../../ports/document-store';
import type { Compactor } from './compactor';
import type { DirLock } from './dir-lock';
import { type DocRecord, type DocTable, lazyRecord } from './doc-table';
import type { EmbeddedStore, EmbeddedStoreStats } from './embedded-store';
import type { Journal } from './journal';
import { encodeDelete, encodePut } from './journal-format';
import { compareValues, compileQuery } from './query-match';
import { checkCollection, checkKey, prepareDoc, type PreparedDoc } from './validate-doc';

function toStored<T extends Doc>(rec: DocRecord): Stored<T> {
  // Parsing the stored text gives the caller a deep copy that shares nothing with the table.
  const out = JSON.parse(rec.json) as Stored<T>;
  out._etag = rec.etag;
  return out;
}

/** The store itself; built by `createEmbeddedStore`, which recovers the state and takes the lock. */
export class EmbeddedDocumentStore implements EmbeddedStore {
  private closed = false;
  /** Per-open prefix plus a counter: unique across restarts without a random draw per write. */
  private readonly etagPrefix = randomBytes(6).toString('hex') + '-';
  private etagSeq = 0;
  /** The newest not-yet-durable write per document, so a read waits for its own document only. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly table: DocTable,
    private readonly journal: Journal,
    private readonly compactor: Compactor,
    private readonly lock: DirLock,
  ) {}

  async get<T extends Doc>(collection: Collection, schoolId: string, id: string): Promise<Stored<T> | undefined> {
    this.usable();
    const rec = this.table.get(checkCollection(collection), checkKey('schoolId', schoolId), checkKey('id', id));
    const out = rec && toStored<T>(rec);
    await this.pending.get(keyOf(collection, schoolId, id));
    return out;
  }

  async create<T extends Doc>(collection: Collection, doc: T, options?: WriteOptions): Promise<Stored<T>> {
    this.usable();
    const p = prepareDoc(checkCollection(collection), doc);
    if (this.table.get(collection, p.schoolId, p.id)) return this.refuse(new ConflictError(collection, p.id), keyOf(collection, p.schoolId, p.id));
    return this.put<T>(collection, p, options);
  }

  async replace<T extends Doc>(collection: Collection, doc: T, etag: string, options?: WriteOptions): Promise<Stored<T>> {
    this.usable();
    const p = prepareDoc(checkCollection(collection), doc);
    const current = this.table.get(collection, p.schoolId, p.id);
    if (!current) return this.refuse(new NotFoundError(collection, p.id), keyOf(collection, p.schoolId, p.id));
    if (current.etag !== etag) return this.refuse(new PreconditionFailedError(collection, p.id), keyOf(collection, p.schoolId, p.id));
    return this.put<T>(collection, p, options);
  }

  async upsert<T extends Doc>(collection: Collection, doc: T): Promise<Stored<T>> {
    this.usable();
    return this.put<T>(collection, prepareDoc(checkCollection(collection), doc));
  }

  async delete(collection: Collection, schoolId: string, id: string): Promise<boolean> {
    this.usable();
    checkCollection(collection);
    const key = keyOf(collection, schoolId, id);
    if (!this.table.get(collection, checkKey('schoolId', schoolId), checkKey('id', id))) {
      await this.pending.get(key);
      return false;
    }
    const durable = this.track(key, this.journal.append(encodeDelete(collection, schoolId, id)));
    this.table.delete(collection, schoolId, id);
    await durable;
    return true;
  }

  async query<T extends Doc>(collection: Collection, query: Query): Promise<Array<Stored<T>>> {
    this.usable();
    const q = compileQuery(query);
    let recs: DocRecord[] = [];
    for (const rec of this.table.scan(checkCollection(collection), query.schoolId)) {
      if (!q.sortKey && q.limit !== undefined && recs.length >= q.limit) break;
      if (q.matches(rec.doc)) recs.push(rec);
    }
    if (q.sortKey) {
      const key = q.sortKey;
      const sign = q.descending ? -1 : 1;
      const keyed = recs.map((rec) => ({ k: key(rec.doc), rec }));
      keyed.sort((a, b) => sign * compareValues(a.k, b.k));
      recs = keyed.map((x) => x.rec);
      if (q.limit !== undefined) recs = recs.slice(0, q.limit);
    }
    const out = recs.map((rec) => toStored<T>(rec));
    await this.journal.barrier();
    return out;
  }

  async count(collection: Collection, query: Query): Promise<number> {
    this.usable();
    const q = compileQuery(query);
    let n = 0;
    for (const rec of this.table.scan(checkCollection(collection), query.schoolId)) if (q.matches(rec.doc)) n++;
    await this.journal.barrier();
    return q.limit === undefined ? n : Math.min(n, q.limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compactor.stop();
    await this.journal.close();
    await this.lock.release();
  }

  stats(): EmbeddedStoreStats {
    return {
      docs: this.table.size,
      fsyncs: this.journal.fsyncs,
      journalBytes: this.journal.bytes,
      snapshotBytes: this.compactor.snapshotBytes,
      compactions: this.compactor.compactions,
      lastCompactionError: this.compactor.lastError,
    };
  }

  compact(): Promise<void> {
    this.usable();
    return this.compactor.compact();
  }

  private put<T extends Doc>(collection: string, p: PreparedDoc, options?: WriteOptions): Promise<Stored<T>> {
    const etag = this.etagPrefix + (++this.etagSeq).toString(36);
    const durable = this.track(keyOf(collection, p.schoolId, p.id), this.journal.append(encodePut(collection, p.schoolId, p.id, etag, p.json)));
    const rec: DocRecord = lazyRecord({ collection, schoolId: p.schoolId, id: p.id, etag, json: p.json });
    this.table.put(rec);
    // A write hands back the caller's own document (a fresh top-level object) with its etag: parsing the
    // stored text again would cost more than the write, and the table keeps only the text, so nothing
    // the caller does to either object can reach the store. Documents are JSON data, so they read back equal.
    const written = { ...p.body, _etag: etag } as Stored<T>;
    // A draft is answered now; its line is already queued, so it reaches disk with the next batch.
    if (options?.durability === 'draft') return Promise.resolve(written);
    return durable.then(() => written);
  }

  /** Reports a refusal only once the write that caused it is durable. */
  private async refuse(err: Error, key: string): Promise<never> {
    await this.pending.get(key);
    throw err;
  }

  private track(key: string, durable: Promise<void>): Promise<void> {
    this.pending.set(key, durable);
    const settle = () => {
      if (this.pending.get(key) === durable) this.pending.delete(key);
    };
    durable.then(settle, settle);
    return durable;
  }

  private usable(): void {
    if (this.closed) throw new Error('embedded store is closed');
    if (this.journal.failure) throw this.journal.failure;
  }
}

function keyOf(collection: string, schoolId: string, id: string): string {
  return `${collection}\u0000${schoolId}\u0000${id}`;
}
