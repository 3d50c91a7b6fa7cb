/**
 * Rebuilds the in-memory table at open: the snapshot, then every later journal in order.
 */
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DocTable } from './doc-table';
import { decodeLine, type Entry } from './journal-format';
import { journalFileName, journalGens } from './journal';
import { readLines } from './line-reader';
import { SNAPSHOT_FILE, SNAPSHOT_TEMP } from './snapshot';

/** What open found on disk. */
export interface Recovered {
  table: DocTable;
  /** The journal to keep appending to. */
  journalGen: number;
  /** Its size after any torn tail was cut off. */
  journalBytes: number;
  /** Bytes of all journals replayed (what a compaction would fold away). */
  replayedBytes: number;
  snapshotBytes: number;
}

/** Thrown when a data file is damaged somewhere other than a torn final write. */
export class EmbeddedStoreCorruptError extends Error {
  readonly code = 'embedded-store-corrupt';
}

/**
 * Loads the data directory, cleaning up after any crash: a half-written snapshot is deleted, journals
 * already in the snapshot are deleted, a torn final journal write is cut off.
 */
export async function recover(dir: string): Promise<Recovered> {
  const names = await readdir(dir);
  // Left by a compaction that crashed before its rename; the old snapshot is still complete.
  if (names.includes(SNAPSHOT_TEMP)) await unlink(join(dir, SNAPSHOT_TEMP));
  const table = new DocTable();
  let journalFrom = 0;
  let snapshotBytes = 0;
  if (names.includes(SNAPSHOT_FILE)) {
    journalFrom = await loadSnapshot(join(dir, SNAPSHOT_FILE), table);
    snapshotBytes = (await stat(join(dir, SNAPSHOT_FILE))).size;
  }
  const gens = journalGens(names);
  let journalGen = Math.max(journalFrom, 1);
  let journalBytes = 0;
  let replayedBytes = 0;
  for (const gen of gens) {
    const path = join(dir, journalFileName(gen));
    // Already folded into the snapshot by a compaction that crashed before deleting it.
    if (gen < journalFrom) {
      await unlink(path);
      continue;
    }
    journalBytes = await replayJournal(path, gen, table);
    journalGen = gen;
    replayedBytes += journalBytes;
  }
  return { table, journalGen, journalBytes, replayedBytes, snapshotBytes };
}

function corrupt(path: string, lineNo: number, reason: string): EmbeddedStoreCorruptError {
  return new EmbeddedStoreCorruptError(
    `embedded store file ${path} line ${lineNo} is unreadable (${reason}); ` +
      'restore the data directory from a backup or remove the damaged lines by hand',
  );
}

function decodeAt(path: string, line: string, lineNo: number): Entry {
  try {
    return decodeLine(line);
  } catch (err) {
    throw corrupt(path, lineNo, err instanceof Error ? err.message : String(err));
  }
}

function apply(table: DocTable, e: Entry): void {
  if (e.op === 'put') table.put({ collection: e.c, schoolId: e.s, id: e.id, etag: e.e, doc: e.doc, json: e.json });
  else if (e.op === 'del') table.delete(e.c, e.s, e.id);
}

/** Loads a snapshot; returns the first journal generation it does not include. */
async function loadSnapshot(path: string, table: DocTable): Promise<number> {
  let journalFrom = -1;
  let count = 0;
  let end = -1;
  let lastLine = 0;
  const scan = await readLines(path, (line, lineNo) => {
    lastLine = lineNo;
    const e = decodeAt(path, line, lineNo);
    if (lineNo === 1) {
      if (e.op !== 'snapshot') throw corrupt(path, lineNo, 'missing snapshot header');
      journalFrom = e.journalFrom;
    } else if (e.op === 'put' && end < 0) {
      apply(table, e);
      count++;
    } else if (e.op === 'end' && end < 0) {
      end = e.count;
    } else {
      throw corrupt(path, lineNo, `unexpected ${e.op} entry`);
    }
  });
  // A snapshot is renamed into place only after it is complete and fsynced, so any gap is damage.
  if (end !== count || scan.tornBytes > 0) throw corrupt(path, lastLine, `truncated: ${count} documents, end marker ${end}`);
  return journalFrom;
}

/** Replays one journal, cutting off a torn final write so later appends start on a clean line. */
async function replayJournal(path: string, gen: number, table: DocTable): Promise<number> {
  const scan = await readLines(path, (line, lineNo) => {
    const e = decodeAt(path, line, lineNo);
    if (lineNo === 1) {
      if (e.op !== 'journal' || e.gen !== gen) throw corrupt(path, lineNo, 'missing or wrong journal header');
    } else if (e.op === 'put' || e.op === 'del') {
      apply(table, e);
    } else {
      throw corrupt(path, lineNo, `unexpected ${e.op} entry`);
    }
  });
  if (scan.tornBytes > 0) await truncate(path, scan.completeBytes);
  return scan.completeBytes;
}

async function truncate(path: string, size: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(size);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
