// @ts-check
/**
 * The thread that owns one SQLite connection (`node:sqlite`), so that no statement, commit or fsync
 * runs on the bot's event loop. Plain JavaScript, so it loads the same way under ts-node, jest and the
 * compiled build; `// @ts-check` keeps it type-checked.
 *
 * Role `writer` (one per store): every write, and point reads. Messages that arrive while it is busy
 * are taken together: they run in one transaction and share one COMMIT, so one fsync covers every
 * write that was waiting (group commit). A write asked for as a draft is answered as soon as it has
 * run inside the open transaction; everything else is answered only after the COMMIT that makes it
 * durable. A transaction holding only drafts is committed within DRAFT_COMMIT_MS, or sooner by the
 * next write or read that must wait for disk: so drafts followed by a durable write (a report) land
 * in one commit. Reads and refusals that depend on a row written in the open transaction wait for
 * its commit too: nobody is shown, or refused because of, something a crash could still undo.
 *
 * Role `reader` (opened when the first query comes): queries and counts over its own connection
 * (WAL: readers never block the writer, nor it them).
 */
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');

/** Longest a transaction holding only drafts stays open. */
const DRAFT_COMMIT_MS = 20;

if (!parentPort) throw new Error('sqlite-worker must run as a worker thread');
const port = parentPort;

/** @type {{ file: string; role: 'writer' | 'reader'; setup: string[]; tables: string[]; busyMs: number }} */
const options = workerData;

const db = new DatabaseSync(options.file, { timeout: options.busyMs });
for (const sql of options.setup) db.exec(sql);
if (options.role === 'reader') db.exec('PRAGMA query_only = ON');

/** Prepared statements per table. */
const statements = new Map();
/** @param {string} table */
function stmts(table) {
  let s = statements.get(table);
  if (s) return s;
  if (!options.tables.includes(table)) throw new Error(`unknown table ${table}`);
  s = {
    get: db.prepare(`SELECT etag, body FROM "${table}" WHERE school_id = ? AND id = ?`),
    etag: db.prepare(`SELECT etag FROM "${table}" WHERE school_id = ? AND id = ?`),
    create: db.prepare(`INSERT INTO "${table}" (school_id, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (school_id, id) DO NOTHING`),
    replace: db.prepare(`UPDATE "${table}" SET etag = ?, body = ?, updated_at = ? WHERE school_id = ? AND id = ? AND etag = ?`),
    upsert: db.prepare(
      `INSERT INTO "${table}" (school_id, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (school_id, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`,
    ),
    remove: db.prepare(`DELETE FROM "${table}" WHERE school_id = ? AND id = ?`),
  };
  statements.set(table, s);
  return s;
}

/** @type {any[]} */
let queue = [];
let scheduled = false;
let inTransaction = false;
/** Keys written in the open transaction: reads and refusals about them wait for its commit. */
let dirty = new Set();
/** Answers that may be sent only after the open transaction commits. */
/** @type {any[]} */
let afterCommit = [];
/** @type {NodeJS.Timeout | undefined} */
let draftTimer;
/** Set once a commit fails: the store cannot promise anything after that. */
/** @type {string | undefined} */
let failure;
let commits = 0;
let closed = false;
/** The last message run: a commit covers every write up to it. */
let lastRunSeq = 0;

port.on('message', (msg) => {
  queue.push(msg);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
});

/** @param {any} msg @param {unknown} value */
function answer(msg, value) {
  port.postMessage({ seq: msg.seq, value });
}
/** @param {any} msg @param {string} code @param {string} message */
function refuse(msg, code, message) {
  port.postMessage({ seq: msg.seq, error: { code, message } });
}

function begin() {
  if (inTransaction) return;
  db.exec('BEGIN IMMEDIATE');
  inTransaction = true;
}

function commit() {
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = undefined;
  if (inTransaction) {
    try {
      db.exec('COMMIT');
      commits++;
    } catch (err) {
      failure = `commit failed: ${/** @type {Error} */ (err).message}`;
      try {
        db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite.
      }
    }
    inTransaction = false;
  }
  const waiting = afterCommit;
  afterCommit = [];
  dirty = new Set();
  // Before the answers, so a caller told "done" already knows the commit happened.
  port.postMessage({ committed: lastRunSeq, commits });
  for (const w of waiting) {
    if (failure) refuse(w.msg, 'store-failed', failure);
    else if (w.error) refuse(w.msg, w.error, w.message);
    else answer(w.msg, w.value);
  }
}

function drain() {
  scheduled = false;
  const batch = queue;
  queue = [];
  for (const msg of batch) {
    if (closed) {
      refuse(msg, 'closed', 'embedded store is closed');
      continue;
    }
    if (failure) {
      refuse(msg, 'store-failed', failure);
      continue;
    }
    try {
      lastRunSeq = msg.seq;
      run(msg);
    } catch (err) {
      const e = /** @type {Error & { errcode?: number }} */ (err);
      refuse(msg, 'sqlite', `${e.message}${e.errcode ? ` (${e.errcode})` : ''}`);
    }
  }
  if (afterCommit.length > 0) commit();
  else if (inTransaction && !draftTimer) draftTimer = setTimeout(commit, DRAFT_COMMIT_MS);
}

/** @param {any} msg @param {boolean} waits @param {unknown} value */
function reply(msg, waits, value) {
  if (waits) afterCommit.push({ msg, value });
  else answer(msg, value);
}
/** @param {any} msg @param {boolean} waits @param {string} code @param {string} message */
function refusal(msg, waits, code, message) {
  if (waits) afterCommit.push({ msg, error: code, message });
  else refuse(msg, code, message);
}

/** @param {any} msg */
function run(msg) {
  const key = `${msg.table}\u0000${msg.schoolId}\u0000${msg.id}`;
  switch (msg.t) {
    case 'get': {
      const row = stmts(msg.table).get.get(msg.schoolId, msg.id);
      reply(msg, dirty.has(key), row ? { etag: row.etag, body: row.body } : null);
      return;
    }
    case 'create': {
      begin();
      const r = stmts(msg.table).create.run(msg.schoolId, msg.id, msg.etag, msg.body, msg.now);
      if (r.changes === 0) return refusal(msg, dirty.has(key), 'conflict', 'exists');
      dirty.add(key);
      return reply(msg, !msg.draft, true);
    }
    case 'replace': {
      begin();
      const s = stmts(msg.table);
      const r = s.replace.run(msg.etag, msg.body, msg.now, msg.schoolId, msg.id, msg.ifEtag);
      if (r.changes === 0) {
        const current = s.etag.get(msg.schoolId, msg.id);
        return refusal(msg, dirty.has(key), current ? 'precondition-failed' : 'not-found', current ? 'changed' : 'missing');
      }
      dirty.add(key);
      return reply(msg, !msg.draft, true);
    }
    case 'upsert': {
      begin();
      stmts(msg.table).upsert.run(msg.schoolId, msg.id, msg.etag, msg.body, msg.now);
      dirty.add(key);
      return reply(msg, true, true);
    }
    case 'delete': {
      begin();
      const r = stmts(msg.table).remove.run(msg.schoolId, msg.id);
      const existed = r.changes > 0;
      const waits = existed || dirty.has(key);
      if (existed) dirty.add(key);
      return reply(msg, waits, existed);
    }
    case 'import': {
      // Rows from an old data directory, in one transaction: all of them or none.
      begin();
      for (const row of msg.rows) stmts(row.table).upsert.run(row.schoolId, row.id, row.etag, row.body, msg.now);
      for (const sql of msg.alsoRun ?? []) db.exec(sql);
      return reply(msg, true, msg.rows.length);
    }
    case 'exec': {
      // Schema work and bookkeeping from the store itself (never user input).
      begin();
      db.exec(msg.sql);
      return reply(msg, true, true);
    }
    case 'sync':
      // Answered after the open transaction (if any) commits: a barrier for queries and close.
      return reply(msg, inTransaction, true);
    case 'all': {
      const rows = db.prepare(msg.sql).all(...msg.params);
      return answer(msg, rows.map((r) => Object.values(r)));
    }
    case 'one': {
      const row = db.prepare(msg.sql).get(...msg.params);
      return answer(msg, row ? Object.values(row) : null);
    }
    case 'checkpoint': {
      commit();
      const row = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
      return answer(msg, row ? Object.values(row) : null);
    }
    case 'close': {
      commit();
      if (options.role === 'writer') {
        try {
          // Refreshes the planner's statistics where they have drifted (SQLite's advice for a closing connection).
          db.exec('PRAGMA optimize');
          db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        } catch {
          // A reader still open elsewhere; the WAL is replayed at the next open.
        }
      }
      db.close();
      closed = true;
      return answer(msg, true);
    }
    default:
      throw new Error(`unknown message ${String(msg.t)}`);
  }
}
