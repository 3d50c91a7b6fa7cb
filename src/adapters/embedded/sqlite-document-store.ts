/**
 * The `DocumentStore` operations over SQLite: writes and point reads through the writer thread
 * (group commit, see `sqlite-worker.js`), queries and counts through a reader thread of their own,
 * so that neither a long digest query nor an fsync ever runs on the bot's event loop.
 */
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, PreconditionFailedError, type Collection, type Doc, type Query, type Stored, type WriteOptions } from '../../ports/document-store';
import type { EmbeddedStore, EmbeddedStoreStats } from './embedded-store-api';
import { countSql, selectSql } from './sql-query';
import { WorkerChannel, WorkerRefusal, type WorkerOptions } from './worker-channel';
import { checkCollection, checkKey, prepareDoc } from './validate-doc';

type Row = { etag: string; body: string };

/** Documents parsed per turn of the event loop (about a millisecond's work for incident-sized documents). */
const PARSE_SLICE = 50;

function stored<T extends Doc>(etag: string, body: string): Stored<T> {
  const out = JSON.parse(body) as Stored<T>;
  out._etag = etag;
  return out;
}

/** The store itself; built by `createEmbeddedStore`, which opens the file and imports old data. */
export class SqliteDocumentStore implements EmbeddedStore {
  private closed = false;
  /** Per-open prefix plus a counter: unique across restarts and processes without a random draw per write. */
  private readonly etagPrefix = `${randomBytes(6).toString('hex')}-`;
  private etagSeq = 0;
  /** The request number of the newest write: queries wait until the writer has committed it. */
  private lastWrite = 0;
  private reader: WorkerChannel | undefined;
  private queries = 0;
  private compactions = 0;

  constructor(
    private readonly writer: WorkerChannel,
    private readonly readerOptions: WorkerOptions,
    private readonly file: string,
    /** This process's mark in `store_meta`, removed at a clean close (see `createEmbeddedStore`). */
    private readonly openMark: string,
  ) {}

  async get<T extends Doc>(collection: Collection, schoolId: string, id: string): Promise<Stored<T> | undefined> {
    this.usable();
    const row = await this.call<Row | null>({ t: 'get', table: checkCollection(collection), schoolId: checkKey('schoolId', schoolId), id: checkKey('id', id) });
    return row ? stored<T>(row.etag, row.body) : undefined;
  }

  async create<T extends Doc>(collection: Collection, doc: T, options?: WriteOptions): Promise<Stored<T>> {
    this.usable();
    const p = prepareDoc(checkCollection(collection), doc);
    const etag = this.nextEtag();
    await this.write({ t: 'create', table: collection, schoolId: p.schoolId, id: p.id, etag, body: p.json, now: new Date().toISOString(), draft: options?.durability === 'draft' }, collection, p.id);
    return { ...p.body, _etag: etag } as Stored<T>;
  }

  async replace<T extends Doc>(collection: Collection, doc: T, etag: string, options?: WriteOptions): Promise<Stored<T>> {
    this.usable();
    const p = prepareDoc(checkCollection(collection), doc);
    const next = this.nextEtag();
    await this.write(
      { t: 'replace', table: collection, schoolId: p.schoolId, id: p.id, ifEtag: String(etag), etag: next, body: p.json, now: new Date().toISOString(), draft: options?.durability === 'draft' },
      collection,
      p.id,
    );
    return { ...p.body, _etag: next } as Stored<T>;
  }

  async upsert<T extends Doc>(collection: Collection, doc: T): Promise<Stored<T>> {
    this.usable();
    const p = prepareDoc(checkCollection(collection), doc);
    const etag = this.nextEtag();
    await this.write({ t: 'upsert', table: collection, schoolId: p.schoolId, id: p.id, etag, body: p.json, now: new Date().toISOString() }, collection, p.id);
    return { ...p.body, _etag: etag } as Stored<T>;
  }

  async delete(collection: Collection, schoolId: string, id: string): Promise<boolean> {
    this.usable();
    return this.write<boolean>({ t: 'delete', table: checkCollection(collection), schoolId: checkKey('schoolId', schoolId), id: checkKey('id', id) }, collection, id);
  }

  async query<T extends Doc>(collection: Collection, query: Query): Promise<Array<Stored<T>>> {
    this.usable();
    const { sql, params } = selectSql(checkCollection(collection), query ?? {});
    const rows = await this.read<Array<[string, string]>>({ t: 'all', sql, params });
    // Parsing a large result is the one cost left on the event loop: it is done in slices with a turn
    // for other requests between them, so a digest over thousands of incidents never stalls a wizard step.
    const out: Array<Stored<T>> = [];
    for (let i = 0; i < rows.length; i += PARSE_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const [etag, body] of rows.slice(i, i + PARSE_SLICE)) out.push(stored<T>(etag, body));
    }
    return out;
  }

  async count(collection: Collection, query: Query): Promise<number> {
    this.usable();
    const { sql, params } = countSql(checkCollection(collection), query ?? {});
    const row = await this.read<[number] | null>({ t: 'one', sql, params });
    return Number(row?.[0] ?? 0);
  }

  /** A real round trip through both threads: the file answers a read now. */
  async ready(): Promise<void> {
    this.usable();
    await this.call({ t: 'one', sql: 'SELECT count(*) FROM store_meta', params: [] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reader) {
      await this.reader.request({ t: 'close' }).catch(() => undefined);
      await this.reader.terminate();
    }
    await this.writer.request({ t: 'exec', sql: `DELETE FROM store_meta WHERE key = '${this.openMark.replaceAll("'", "''")}'` }).catch(() => undefined);
    await this.writer.request({ t: 'close' }).catch(() => undefined);
    await this.writer.terminate();
  }

  stats(): EmbeddedStoreStats {
    return { file: this.file, commits: this.writer.commits, compactions: this.compactions, queries: this.queries };
  }

  /** Folds the write-ahead log into the database file now (SQLite also does this on its own). */
  async compact(): Promise<void> {
    this.usable();
    await this.call({ t: 'checkpoint' });
    this.compactions++;
  }

  private nextEtag(): string {
    return this.etagPrefix + (++this.etagSeq).toString(36);
  }

  private async write<R = unknown>(message: Record<string, unknown>, collection: string, id: string): Promise<R> {
    const answer = this.call<R>(message, collection, id);
    this.lastWrite = this.writer.lastSeq;
    return answer;
  }

  /** Queries run on the reader once every write made before them is committed (read-your-writes, drafts too). */
  private async read<R>(message: Record<string, unknown>): Promise<R> {
    if (this.writer.committedUpTo < this.lastWrite) await this.call({ t: 'sync' });
    this.reader ??= new WorkerChannel(this.readerOptions);
    this.queries++;
    return this.translate(this.reader.request<R>(message));
  }

  private call<R>(message: Record<string, unknown>, collection?: string, id?: string): Promise<R> {
    return this.translate(this.writer.request<R>(message), collection, id);
  }

  private async translate<R>(answer: Promise<R>, collection = '', id = ''): Promise<R> {
    try {
      return await answer;
    } catch (error) {
      if (!(error instanceof WorkerRefusal)) throw error;
      if (error.code === 'conflict') throw new ConflictError(collection, id);
      if (error.code === 'precondition-failed') throw new PreconditionFailedError(collection, id);
      if (error.code === 'not-found') throw new NotFoundError(collection, id);
      if (error.code === 'closed') throw new Error('embedded store is closed');
      throw new Error(`embedded store: ${error.message}`);
    }
  }

  private usable(): void {
    if (this.closed) throw new Error('embedded store is closed');
  }
}
