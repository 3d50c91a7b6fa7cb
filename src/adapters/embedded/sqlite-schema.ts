/**
 * The embedded store's SQLite file, as the DPO sees it with the `sqlite3` tool (see
 * docs/embedded-store.md): one table per collection, named after it (`incidents`, `audit`, …), each
 *
 *   school_id   TEXT   the school (the partition)
 *   id          TEXT   the document's id, unique within its school
 *   etag        TEXT   changes on every write (optimistic concurrency)
 *   body        TEXT   the whole document as JSON (read fields with json_extract(body, '$.field'))
 *   updated_at  TEXT   when it was last written (ISO 8601, UTC)
 *
 * and `store_meta` (key, value): the schema version, when the file was created, whether the last
 * process closed it cleanly, and what was imported from an old data directory.
 */
import { COLLECTIONS } from '../../ports/document-store';

/** The database file inside the data directory. */
export const DB_FILE = 'esafety.sqlite';

/** Bumped on any change to the tables; a file of a newer version is refused rather than misread. */
export const SCHEMA_VERSION = 1;

/** Connection settings every connection uses. WAL: readers and the writer never block each other. */
export const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  // FULL: every COMMIT is fsynced, so an acknowledged write survives a power cut, not only a crash.
  'PRAGMA synchronous = FULL',
  'PRAGMA foreign_keys = OFF',
  'PRAGMA temp_store = MEMORY',
  'PRAGMA cache_size = -32768',
];

/**
 * Expression indexes for the queries the product runs most (the digest, the urgent check, the outbox,
 * the AUP sweep). Each field is indexed as (its JSON type, its value), the two terms every condition
 * of `sql-query.ts` uses, so a count is answered from the index alone and a query reads only the rows
 * it returns. The first field of each is the one compared for equality (or `in`).
 */
const INDEXES: Array<[string, string[], 'per-school' | 'all-schools']> = [
  ['incidents', ['reportedAt'], 'per-school'],
  ['incidents', ['status', 'reportedAt'], 'per-school'],
  // The outbox is read across schools (one delivery loop for every school): due and abandoned messages.
  ['outbox', ['status', 'dueAt'], 'all-schools'],
  ['outbox', ['status', 'claimedUntil'], 'all-schools'],
  ['audit', ['incidentId'], 'per-school'],
  ['signatures', ['personId'], 'per-school'],
  // The case file: an incident's pupils and a child's incidents (links), an incident's files, a child's transfers.
  ['links', ['incidentId'], 'per-school'],
  ['links', ['pupilId'], 'per-school'],
  ['evidence', ['incidentId'], 'per-school'],
  ['transfers', ['pupilId'], 'per-school'],
  ['pupils', ['status'], 'per-school'],
];

const indexed = (field: string) => `json_type(body, '$.${field}'), json_extract(body, '$.${field}')`;

/** Statements that create whatever is missing (idempotent). */
export function schemaStatements(): string[] {
  const tables = COLLECTIONS.map(
    (c) =>
      `CREATE TABLE IF NOT EXISTS "${c}" (school_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL);` +
      `CREATE UNIQUE INDEX IF NOT EXISTS "${c}_key" ON "${c}" (school_id, id);`,
  );
  const indexes = INDEXES.map(
    ([c, fields, scope]) => `CREATE INDEX IF NOT EXISTS "${c}_by_${fields.join('_')}" ON "${c}" (${scope === 'per-school' ? 'school_id, ' : ''}${fields.map(indexed).join(', ')});`,
  );
  return [
    'CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);',
    ...tables,
    ...indexes,
    `INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}');`,
  ];
}
