/**
 * The repair path for a damaged database file (`npm run data -- repair [--backup <file>]`), with the
 * bot stopped. Nothing is thrown away: the damaged file is moved aside and kept, every row that can
 * still be read is copied out of it (row by row past the damaged pages), and rows that cannot be read
 * are taken from the last backup when one is given. The result is a fresh file, checked before use.
 * docs/embedded-store.md describes the same steps with the `sqlite3` tool's `.recover`.
 */
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { COLLECTIONS } from '../../ports/document-store';
import { checkedCounts } from './backup';
import { databaseFile } from './embedded-store';
import { FILE_MODE } from './data-dir';
import { CONNECTION_PRAGMAS, schemaStatements } from './sqlite-schema';

type Row = { school_id: string; id: string; etag: string; body: string; updated_at: string };

/** What a repair found and did. */
export interface RepairReport {
  /** Where the damaged file now is (kept for the operator). */
  damagedCopy: string;
  /**
   * Per collection: rows read from the damaged file, rows taken from the backup, and whether part of the
   * table could not be read (how many rows were on the damaged pages cannot be known).
   */
  collections: Record<string, { salvaged: number; fromBackup: number; damaged: boolean }>;
  /** The repaired file's document counts (after its integrity check). */
  documents: Record<string, number>;
}

/** Consecutive unreadable row numbers after which a table is taken to have ended. */
const GIVE_UP_AFTER = 10_000;

function open(file: string): DatabaseSync | undefined {
  try {
    return new DatabaseSync(file, { readOnly: true });
  } catch {
    return undefined;
  }
}

/** Every readable row of one table: a plain scan, and past any damage, one row number at a time. */
function salvageTable(db: DatabaseSync | undefined, table: string): { rows: Row[]; damaged: boolean } {
  const rows: Row[] = [];
  if (!db) return { rows, damaged: true };
  let last = 0;
  let damaged = false;
  const scanFrom = (after: number): boolean => {
    try {
      for (const r of db.prepare(`SELECT rowid AS n, school_id, id, etag, body, updated_at FROM "${table}" WHERE rowid > ? ORDER BY rowid`).iterate(after)) {
        const row = r as Row & { n: number };
        JSON.parse(row.body);
        rows.push({ school_id: row.school_id, id: row.id, etag: row.etag, body: row.body, updated_at: row.updated_at });
        last = row.n;
      }
      return true;
    } catch {
      return false;
    }
  };
  if (scanFrom(0)) return { rows, damaged };
  damaged = true;
  const one = db.prepare(`SELECT school_id, id, etag, body, updated_at FROM "${table}" WHERE rowid = ?`);
  let misses = 0;
  for (let n = last + 1; misses < GIVE_UP_AFTER; n++) {
    try {
      const row = one.get(n) as Row | undefined;
      if (!row) {
        misses++;
        continue;
      }
      JSON.parse(row.body);
      rows.push(row);
      misses = 0;
      // Past the damage: the rest of the table may scan normally again.
      last = n;
      if (scanFrom(n)) return { rows, damaged };
      n = last;
    } catch {
      misses++;
    }
  }
  return { rows, damaged };
}

function readMeta(file: string): Array<[string, string]> {
  try {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      return (db.prepare("SELECT key, value FROM store_meta WHERE key NOT LIKE 'open:%'").all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

function readAll(file: string, table: string): Row[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare(`SELECT school_id, id, etag, body, updated_at FROM "${table}"`).all() as Row[];
  } finally {
    db.close();
  }
}

/**
 * Rebuilds the store in `dataDir` from what can be read of its damaged file, filling gaps from
 * `backupFile` (rows present in the damaged file always win: they are newer). Run with the bot stopped.
 */
export function repairEmbeddedStore(dataDir: string, backupFile?: string): RepairReport {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) throw new Error(`there is no embedded store at ${file}`);
  if (backupFile && !existsSync(backupFile)) throw new Error(`no backup at ${backupFile}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const damagedCopy = `${file}.damaged-${stamp}`;
  renameSync(file, damagedCopy);
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, damagedCopy + suffix);

  const damaged = open(damagedCopy);
  const fresh = new DatabaseSync(file);
  let freshOpen = true;
  const collections: RepairReport['collections'] = {};
  try {
    for (const sql of [...CONNECTION_PRAGMAS, ...schemaStatements()]) fresh.exec(sql);
    fresh.exec('BEGIN');
    for (const table of COLLECTIONS) {
      const { rows, damaged: hurt } = salvageTable(damaged, table);
      const insert = fresh.prepare(`INSERT INTO "${table}" (school_id, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (school_id, id) DO NOTHING`);
      let salvaged = 0;
      for (const r of rows) salvaged += Number(insert.run(r.school_id, r.id, r.etag, r.body, r.updated_at).changes);
      let fromBackup = 0;
      if (backupFile) for (const r of readAll(backupFile, table)) fromBackup += Number(insert.run(r.school_id, r.id, r.etag, r.body, r.updated_at).changes);
      collections[table] = { salvaged, fromBackup, damaged: hurt };
    }
    // What the store knows of itself (schema version, the old-format import) comes across too, so a repaired
    // store never imports old files a second time; marks of processes that had the damaged file open do not.
    const meta = fresh.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)');
    for (const source of [backupFile ? readMeta(backupFile) : [], readMeta(damagedCopy)]) for (const [key, value] of source) meta.run(key, value);
    fresh.exec(
      `INSERT OR REPLACE INTO store_meta (key, value) VALUES ('repaired', '${JSON.stringify({ at: new Date().toISOString(), damagedCopy, backup: backupFile ?? null }).replaceAll("'", "''")}')`,
    );
    fresh.exec('COMMIT');
    const documents = checkedCounts(fresh, 'the repaired store');
    fresh.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    fresh.close();
    freshOpen = false;
    for (const f of [file, damagedCopy, `${damagedCopy}-wal`, `${damagedCopy}-shm`]) if (existsSync(f)) chmodSync(f, FILE_MODE);
    return { damagedCopy, collections, documents };
  } catch (error) {
    // Put everything back as it was: the operator can try again or use the sqlite3 tool.
    if (freshOpen) fresh.close();
    freshOpen = false;
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(damagedCopy + suffix)) renameSync(damagedCopy + suffix, file + suffix);
    throw error;
  } finally {
    damaged?.close();
    if (freshOpen) fresh.close();
  }
}
