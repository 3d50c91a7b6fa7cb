/**
 * The line format shared by journal and snapshot files: one JSON object per line.
 *
 *   {"op":"journal","version":1,"gen":3}                 first line of journal-000003.jsonl
 *   {"op":"snapshot","version":1,"journalFrom":4}        first line of snapshot.jsonl
 *   {"op":"put","c":"incidents","s":"school-1","id":"x","e":"etag","d":{...doc...}}
 *   {"op":"del","c":"incidents","s":"school-1","id":"x"}
 *   {"op":"end","count":1234}                            last line of snapshot.jsonl
 */

/** Bumped on any incompatible change; files of another version are refused rather than misread. */
export const FORMAT_VERSION = 1;

/** One decoded line. */
export type Entry =
  | { op: 'put'; c: string; s: string; id: string; e: string; doc: Record<string, unknown>; json: string }
  | { op: 'del'; c: string; s: string; id: string }
  | { op: 'journal'; gen: number }
  | { op: 'snapshot'; journalFrom: number }
  | { op: 'end'; count: number };

const PUT_PREFIX = '{"op":"put",';
const DOC_KEY = ',"d":';

/** Encodes a put; `json` is the document already serialised (so it is stringified once per write). */
export function encodePut(c: string, s: string, id: string, e: string, json: string): string {
  const key = `"c":${JSON.stringify(c)},"s":${JSON.stringify(s)},"id":${JSON.stringify(id)}`;
  return `${PUT_PREFIX}${key},"e":${JSON.stringify(e)}${DOC_KEY}${json}}\n`;
}

/** Encodes a delete. */
export function encodeDelete(c: string, s: string, id: string): string {
  return `{"op":"del","c":${JSON.stringify(c)},"s":${JSON.stringify(s)},"id":${JSON.stringify(id)}}\n`;
}

/** First line of a journal file; its generation guards against a misnamed or misplaced file. */
export function encodeJournalHeader(gen: number): string {
  return JSON.stringify({ op: 'journal', version: FORMAT_VERSION, gen }) + '\n';
}

/** First line of a snapshot: which journals it already contains. */
export function encodeSnapshotHeader(journalFrom: number): string {
  return JSON.stringify({ op: 'snapshot', version: FORMAT_VERSION, journalFrom }) + '\n';
}

/** Last line of a snapshot: proves the file is complete. */
export function encodeEnd(count: number): string {
  return JSON.stringify({ op: 'end', count }) + '\n';
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`field "${key}" is not a string`);
  return v;
}

function int(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new Error(`field "${key}" is not a count`);
  return v as number;
}

/** Parses one line; throws with a short reason if it is not a well-formed entry. */
export function decodeLine(line: string): Entry {
  const o: unknown = JSON.parse(line);
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('not a JSON object');
  const r = o as Record<string, unknown>;
  switch (r.op) {
    case 'put': {
      const d = r.d;
      if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new Error('put without a document');
      return { op: 'put', c: str(r, 'c'), s: str(r, 's'), id: str(r, 'id'), e: str(r, 'e'), doc: d as Record<string, unknown>, json: docJson(line, r, d) };
    }
    case 'del':
      return { op: 'del', c: str(r, 'c'), s: str(r, 's'), id: str(r, 'id') };
    case 'journal':
    case 'snapshot':
      if (r.version !== FORMAT_VERSION) throw new Error(`unsupported format version ${String(r.version)}`);
      return r.op === 'journal' ? { op: 'journal', gen: int(r, 'gen') } : { op: 'snapshot', journalFrom: int(r, 'journalFrom') };
    case 'end':
      return { op: 'end', count: int(r, 'count') };
    default:
      throw new Error(`unknown op ${JSON.stringify(r.op)}`);
  }
}

/**
 * The document's JSON text, cut out of a line we wrote rather than stringified again (this halves
 * load time). Safe because JSON escapes every `"` inside strings, so a line that starts with exactly
 * what `encodePut` writes before the document, and has no other keys, ends with the document and `}`.
 * Anything else (say, a hand-edited line) falls back to stringifying.
 */
function docJson(line: string, r: Record<string, unknown>, doc: object): string {
  const head = encodePut(r.c as string, r.s as string, r.id as string, r.e as string, '');
  const prefix = head.slice(0, head.length - 2);
  if (line.startsWith(prefix) && line.endsWith('}') && Object.keys(r).length === 6) return line.slice(prefix.length, -1);
  return JSON.stringify(doc);
}
