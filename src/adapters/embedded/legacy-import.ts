/**
 * Reads a data directory written by the store this product used before SQLite (snapshot.jsonl plus
 * journal-NNNNNN.jsonl files, one JSON object per line), so its documents can be imported on first
 * start. Read-only: the old files are never changed; the operator removes them once satisfied.
 *
 * The old format: a snapshot's first line names the first journal it does not contain; journals are
 * replayed in order after it; a journal's last line may be torn by a crash (it was never acknowledged,
 * so it is skipped); damage anywhere else stops the import with the file and line named.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COLLECTIONS } from '../../ports/document-store';

/** One document as the old store last held it. */
export interface LegacyDoc {
  table: string;
  schoolId: string;
  id: string;
  etag: string;
  body: string;
}

/** What was found in an old data directory. */
export interface LegacyData {
  files: string[];
  docs: LegacyDoc[];
  /** A torn final journal line that was skipped (never acknowledged to anyone). */
  tornTail: boolean;
}

/** Thrown when an old data file is damaged other than by a torn final write. */
export class LegacyDataCorruptError extends Error {
  readonly code = 'legacy-data-corrupt';
}

const JOURNAL = /^journal-(\d{6})\.jsonl$/;
const SNAPSHOT = 'snapshot.jsonl';
const collections: ReadonlySet<string> = new Set(COLLECTIONS);

/** The old store's files in `dir`, oldest first, or none. */
export async function legacyFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  const journals = names.filter((n) => JOURNAL.test(n)).sort();
  return [...(names.includes(SNAPSHOT) ? [SNAPSHOT] : []), ...journals];
}

type Line = Record<string, unknown>;

function fail(file: string, lineNo: number, reason: string): never {
  throw new LegacyDataCorruptError(`old data file ${file} line ${lineNo} is unreadable (${reason}); nothing was imported and the old files are unchanged`);
}

function lines(file: string, text: string, allowTornTail: boolean): { entries: Array<{ line: Line; lineNo: number }>; torn: boolean } {
  const raw = text.split('\n');
  // A file that ends with a newline leaves one empty string at the end; anything else there is a torn write.
  const last = raw.pop() ?? '';
  const entries = raw.map((l, i) => {
    try {
      const line = JSON.parse(l) as unknown;
      if (typeof line !== 'object' || line === null || Array.isArray(line)) throw new Error('not a JSON object');
      return { line: line as Line, lineNo: i + 1 };
    } catch (error) {
      return fail(file, i + 1, (error as Error).message);
    }
  });
  if (last !== '' && !allowTornTail) fail(file, raw.length + 1, 'truncated');
  return { entries, torn: last !== '' };
}

function str(file: string, lineNo: number, line: Line, key: string): string {
  const v = line[key];
  if (typeof v !== 'string') return fail(file, lineNo, `field "${key}" is not a string`);
  return v;
}

/** Reads every old document, as the old store would have loaded it. */
export async function readLegacyData(dir: string): Promise<LegacyData> {
  const files = await legacyFiles(dir);
  const docs = new Map<string, LegacyDoc>();
  let journalFrom = 0;
  let tornTail = false;
  const apply = (file: string, lineNo: number, line: Line) => {
    const table = str(file, lineNo, line, 'c');
    if (!collections.has(table)) fail(file, lineNo, `unknown collection ${JSON.stringify(table)}`);
    const schoolId = str(file, lineNo, line, 's');
    const id = str(file, lineNo, line, 'id');
    const key = `${table}\u0000${schoolId}\u0000${id}`;
    if (line.op === 'del') return void docs.delete(key);
    const d = line.d;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) fail(file, lineNo, 'put without a document');
    docs.set(key, { table, schoolId, id, etag: str(file, lineNo, line, 'e'), body: JSON.stringify(d) });
  };
  for (const name of files) {
    const file = join(dir, name);
    const text = await readFile(file, 'utf8');
    if (name === SNAPSHOT) {
      const { entries } = lines(file, text, false);
      const [head, ...rest] = entries;
      if (head?.line.op !== 'snapshot' || head.line.version !== 1) fail(file, 1, 'missing snapshot header');
      journalFrom = Number(head.line.journalFrom);
      const end = rest.pop();
      if (end?.line.op !== 'end' || end.line.count !== rest.length) fail(file, end?.lineNo ?? 1, 'truncated snapshot');
      for (const { line, lineNo } of rest) {
        if (line.op !== 'put') fail(file, lineNo, `unexpected ${String(line.op)} entry`);
        apply(file, lineNo, line);
      }
      continue;
    }
    const gen = Number(JOURNAL.exec(name)?.[1]);
    // Already folded into the snapshot by a compaction that crashed before deleting it.
    if (gen < journalFrom) continue;
    const isLast = name === files[files.length - 1];
    const { entries, torn } = lines(file, text, isLast);
    tornTail ||= torn;
    const [head, ...rest] = entries;
    if (head && (head.line.op !== 'journal' || head.line.gen !== gen || head.line.version !== 1)) fail(file, 1, 'missing or wrong journal header');
    for (const { line, lineNo } of rest) {
      if (line.op !== 'put' && line.op !== 'del') fail(file, lineNo, `unexpected ${String(line.op)} entry`);
      apply(file, lineNo, line);
    }
  }
  return { files, docs: [...docs.values()], tornTail };
}
