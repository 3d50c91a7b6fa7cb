/**
 * Online backup of the embedded store (`npm run data -- backup <file>`): SQLite's backup API copies
 * the database page by page while the bot keeps running (it sees one consistent moment), into a file
 * only the bot's account can read. The copy is then opened and checked before it is reported done.
 */
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { COLLECTIONS } from '../../ports/document-store';
import { FILE_MODE } from './data-dir';
import { databaseFile } from './embedded-store';

/** What a backup holds. */
export interface BackupReport {
  file: string;
  bytes: number;
  /** Documents per collection in the copy. */
  documents: Record<string, number>;
}

/** Counts each collection's documents in an open database, after an integrity check. */
export function checkedCounts(db: DatabaseSync, what: string): Record<string, number> {
  const check = String(Object.values(db.prepare('PRAGMA integrity_check').get() ?? {})[0]);
  if (check !== 'ok') throw new Error(`${what} failed its integrity check: ${check}`);
  const counts: Record<string, number> = {};
  for (const c of COLLECTIONS) counts[c] = Number(Object.values(db.prepare(`SELECT count(*) FROM "${c}"`).get() ?? {})[0]);
  return counts;
}

/**
 * Copies the store in `dataDir` to `target` while it may be in use. Refuses to overwrite an existing
 * file. The copy is written beside the target and renamed into place only once complete and checked.
 */
export async function backupEmbeddedStore(dataDir: string, target: string): Promise<BackupReport> {
  const source = databaseFile(dataDir);
  if (!existsSync(source)) throw new Error(`there is no embedded store at ${source}`);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name (a backup never overwrites one)`);
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  rmSync(partial, { force: true });
  const db = new DatabaseSync(source, { timeout: 5_000 });
  try {
    await backup(db, partial, { rate: 256 });
  } finally {
    db.close();
  }
  chmodSync(partial, FILE_MODE);
  let documents: Record<string, number>;
  const copy = new DatabaseSync(partial);
  try {
    // The copy is a plain database file: no write-ahead log beside it.
    copy.exec('PRAGMA journal_mode = DELETE');
    documents = checkedCounts(copy, 'the backup');
  } finally {
    copy.close();
  }
  renameSync(partial, target);
  chmodSync(target, FILE_MODE);
  return { file: target, bytes: statSync(target).size, documents };
}
