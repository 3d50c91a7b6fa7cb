/**
 * Compaction output: the whole store in one file, written aside and renamed into place so that a
 * crash leaves either the old snapshot or the new one, never half of one.
 */
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocRecord } from './doc-table';
import { encodeEnd, encodePut, encodeSnapshotHeader } from './journal-format';
import { FILE_MODE, fsyncDir, writeFully } from './fs-durable';
import { journalFileName, journalGens } from './journal';

/** The current snapshot. */
export const SNAPSHOT_FILE = 'snapshot.jsonl';
/** A snapshot being written; only ever renamed into place once complete and fsynced. */
export const SNAPSHOT_TEMP = 'snapshot.jsonl.tmp';

const CHUNK_CHARS = 1024 * 1024;

/**
 * Writes `records` as the snapshot that replaces every journal before `journalFrom`.
 * Returns the snapshot's size in bytes.
 */
export async function writeSnapshot(dir: string, records: readonly DocRecord[], journalFrom: number): Promise<number> {
  const temp = join(dir, SNAPSHOT_TEMP);
  const handle = await open(temp, 'w', FILE_MODE);
  let bytes = 0;
  try {
    let chunk = encodeSnapshotHeader(journalFrom);
    for (const r of records) {
      chunk += encodePut(r.collection, r.schoolId, r.id, r.etag, r.json);
      if (chunk.length >= CHUNK_CHARS) {
        bytes += await writeChunk(chunk);
        chunk = '';
      }
    }
    bytes += await writeChunk(chunk + encodeEnd(records.length));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, SNAPSHOT_FILE));
  await fsyncDir(dir);
  return bytes;

  async function writeChunk(text: string): Promise<number> {
    const data = Buffer.from(text, 'utf8');
    await writeFully(handle, data);
    return data.length;
  }
}

/** Deletes journals a snapshot has made redundant. A crash part-way is fine: open deletes the rest. */
export async function removeJournalsBefore(dir: string, journalFrom: number): Promise<void> {
  for (const gen of journalGens(await readdir(dir))) {
    if (gen < journalFrom) await unlink(join(dir, journalFileName(gen)));
  }
}
