/**
 * The durable local document store used by default: one SQLite file (`node:sqlite`, built into
 * Node 22) in the data directory, in WAL mode with every commit fsynced. Writes from concurrent
 * requests share commits; SQLite's own locking lets a second process (a backup, `npm run data`) use
 * the same file safely. The tables are documented in `sqlite-schema.ts` and docs/embedded-store.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirDurable, ownerOnly, FILE_MODE } from './data-dir';
import { legacyFiles, readLegacyData } from './legacy-import';
import type { EmbeddedStore } from './embedded-store-api';
import { SqliteDocumentStore } from './sqlite-document-store';
import { CONNECTION_PRAGMAS, DB_FILE, SCHEMA_VERSION, schemaStatements } from './sqlite-schema';
import { COLLECTIONS } from '../../ports/document-store';
import { WorkerChannel, WorkerRefusal, type WorkerOptions } from './worker-channel';

export { InvalidDocumentError } from './validate-doc';
export { InvalidQueryError } from './sql-query';
export { LegacyDataCorruptError } from './legacy-import';

/** Thrown when the database file cannot be read as a database; docs/embedded-store.md says how to repair it. */
export class EmbeddedStoreCorruptError extends Error {
  readonly code = 'embedded-store-corrupt';
}

/** What the store reports while opening (the app logs these lines). */
export type OpenEvent =
  | { event: 'store.recovered'; walBytes: number; check: string; documents: number; crashedProcesses: number }
  | { event: 'store.imported-old-format'; files: string[]; documents: number; byCollection: Record<string, number>; tornTailSkipped: boolean }
  | { event: 'store.old-format-kept'; files: string[] }
  | { event: 'store.old-format-not-imported'; files: string[]; documents: number };

export interface EmbeddedStoreOptions {
  /** Directory for the database file; created if missing (owner-only). Must be on a local disk. */
  dataDir: string;
  /**
   * Fold the write-ahead log into the database file once it holds about this many bytes (SQLite's
   * `wal_autocheckpoint`). Default 4 MiB; small values are for tests.
   */
  compactAfterBytes?: number;
  /** Told what opening found: recovery after a crash, an import of old data. */
  onOpen?: (event: OpenEvent) => void;
}

export type { EmbeddedStore, EmbeddedStoreStats } from './embedded-store-api';

const BUSY_MS = 5_000;

/** Where the database file of a data directory is. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, DB_FILE);
}

const PAGE_BYTES = 4096;
const DEFAULT_COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

function workerOptions(file: string, role: 'writer' | 'reader', compactAfterBytes: number): WorkerOptions {
  const pages = Math.max(1, Math.round(compactAfterBytes / PAGE_BYTES));
  const pragmas = [...CONNECTION_PRAGMAS, `PRAGMA wal_autocheckpoint = ${pages}`];
  return { file, role, setup: role === 'writer' ? [...pragmas, ...schemaStatements()] : pragmas, tables: COLLECTIONS, busyMs: BUSY_MS };
}

async function first<T>(writer: WorkerChannel, sql: string): Promise<T | undefined> {
  const row = await writer.request<unknown[] | null>({ t: 'one', sql, params: [] });
  return (row?.[0] as T | undefined) ?? undefined;
}

/**
 * Opens (creating if needed) the store in `dataDir`. Imports an old-format data directory on first
 * start (the old files are kept). Fails with `EmbeddedStoreCorruptError` if the file is damaged.
 */
export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const dir = options.dataDir;
  const tell = options.onOpen ?? (() => {});
  await mkdirDurable(dir);
  const file = databaseFile(dir);
  // Made owner-only before SQLite opens it: its -wal and -shm files are created with the same mode.
  await (await open(file, 'a', FILE_MODE)).close();
  await ownerOnly(dir);
  const wal = `${file}-wal`;
  const walBytes = existsSync(wal) ? statSync(wal).size : 0;

  const compactAfter = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
  const writer = new WorkerChannel(workerOptions(file, 'writer', compactAfter));
  let openMark = '';
  try {
    const version = Number(await first<string>(writer, "SELECT value FROM store_meta WHERE key = 'schema_version'"));
    if (version > SCHEMA_VERSION) throw new EmbeddedStoreCorruptError(`${file} was written by a newer version of the bot (schema ${version}); upgrade the bot`);
    const { crashed, othersOpen } = await openers(writer);
    // Committed writes of a process that died are replayed from the write-ahead log by SQLite itself.
    if (crashed.length > 0 || (walBytes > 0 && !othersOpen)) {
      const check = String(await first<string>(writer, 'PRAGMA quick_check'));
      if (check !== 'ok') throw new EmbeddedStoreCorruptError(`${file} failed its integrity check after a crash (${check}); see docs/embedded-store.md, "A damaged database"`);
      tell({ event: 'store.recovered', walBytes, check, documents: await countAll(writer), crashedProcesses: crashed.length });
    }
    const mark = `open:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const sql = [
      ...crashed.map((key) => `DELETE FROM store_meta WHERE key = ${quote(key)};`),
      `INSERT INTO store_meta (key, value) VALUES (${quote(mark)}, ${quote(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }))});`,
    ].join('\n');
    await writer.request({ t: 'exec', sql });
    openMark = mark;
    await importOldFormat(dir, writer, tell);
  } catch (error) {
    await writer.request({ t: 'close' }).catch(() => undefined);
    await writer.terminate();
    if (error instanceof WorkerRefusal && /not a database|malformed|corrupt/i.test(error.message)) {
      throw new EmbeddedStoreCorruptError(`${file} is damaged (${error.message}); see docs/embedded-store.md, "A damaged database"`);
    }
    throw error;
  }
  await ownerOnly(dir);
  return new SqliteDocumentStore(writer, workerOptions(file, 'reader', compactAfter), file, openMark);
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** True if `pid` is a live process on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Each process that opens the store leaves a mark in `store_meta` and removes it at a clean close. A
 * mark of this machine whose process is gone is a crash; a live one is another opener (a backup, npm run data).
 */
async function openers(writer: WorkerChannel): Promise<{ crashed: string[]; othersOpen: boolean }> {
  const rows = await writer.request<unknown[][]>({ t: 'all', sql: "SELECT key, value FROM store_meta WHERE key LIKE 'open:%'", params: [] });
  const crashed: string[] = [];
  let othersOpen = false;
  for (const [key, value] of rows) {
    const { pid, host } = JSON.parse(String(value)) as { pid: number; host: string };
    if (host === hostname() && !alive(pid)) crashed.push(String(key));
    else othersOpen = true;
  }
  return { crashed, othersOpen };
}

async function countAll(writer: WorkerChannel): Promise<number> {
  const sql = `SELECT ${COLLECTIONS.map((c) => `(SELECT count(*) FROM "${c}")`).join(' + ')}`;
  return Number(await first<number>(writer, sql));
}

/** First start after an upgrade: every document of the old data directory, in one transaction, once. */
async function importOldFormat(dir: string, writer: WorkerChannel, tell: (event: OpenEvent) => void): Promise<void> {
  const files = await legacyFiles(dir);
  if (files.length === 0) return;
  const done = await first<string>(writer, "SELECT value FROM store_meta WHERE key = 'imported_old_format'");
  if (done) {
    tell({ event: 'store.old-format-kept', files });
    return;
  }
  // A store that already holds documents (a repaired one, say) is never overlaid with old files.
  const held = await countAll(writer);
  if (held > 0) {
    tell({ event: 'store.old-format-not-imported', files, documents: held });
    return;
  }
  const old = await readLegacyData(dir);
  const byCollection: Record<string, number> = {};
  for (const doc of old.docs) byCollection[doc.table] = (byCollection[doc.table] ?? 0) + 1;
  const record = JSON.stringify({ at: new Date().toISOString(), files: old.files, documents: old.docs.length, byCollection });
  await writer.request({
    t: 'import',
    now: new Date().toISOString(),
    rows: old.docs,
    alsoRun: [`INSERT INTO store_meta (key, value) VALUES ('imported_old_format', ${quote(record)})`],
  });
  tell({ event: 'store.imported-old-format', files: old.files, documents: old.docs.length, byCollection, tornTailSkipped: old.tornTail });
}
