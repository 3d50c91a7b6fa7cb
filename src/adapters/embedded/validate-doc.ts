/**
 * Checks a document before it is written and turns it into its stored form.
 */
import { COLLECTIONS, type Doc } from '../../ports/document-store';

/** Cosmos DB's limits, enforced here too so that nothing works locally and then fails in Azure. */
const MAX_ID_CHARS = 255;
const FORBIDDEN_ID_CHARS = /[/\\?#]/;
const MAX_DOC_BYTES = 2 * 1024 * 1024;

/** Thrown for a document or argument the store will not accept. */
export class InvalidDocumentError extends Error {
  readonly code = 'invalid-document';
}

const collections: ReadonlySet<string> = new Set(COLLECTIONS);

/** Checks a collection name at run time (callers may be plain JavaScript or untyped input). */
export function checkCollection(collection: unknown): string {
  if (typeof collection !== 'string' || !collections.has(collection)) {
    throw new InvalidDocumentError(`unknown collection ${JSON.stringify(collection)}`);
  }
  return collection;
}

/** For lookups: a non-string key is a caller bug, not a miss. */
export function checkKey(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidDocumentError(`${name} must be a string, got ${typeof value}`);
  return value;
}

/** A validated document ready to store. */
export interface PreparedDoc {
  schoolId: string;
  id: string;
  /** The stored form: `_etag` removed, JSON-normalised (Dates as strings, undefined dropped). */
  json: string;
  /** The input without `_etag` (a shallow copy): what a write hands back, with its new etag. */
  body: Record<string, unknown>;
}

/** Validates `input` and produces its stored form; throws `InvalidDocumentError`. */
export function prepareDoc(collection: string, input: Doc): PreparedDoc {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidDocumentError(`${collection}: a document must be a plain object`);
  }
  // A document read back carries its etag; storing it would keep a stale copy in the body.
  const { _etag: _ignored, ...body } = input as Doc & { _etag?: unknown };
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    throw new InvalidDocumentError(`${collection}: document is not JSON-serialisable (${err instanceof Error ? err.message : String(err)})`);
  }
  // JSON keeps strings as they are, so the ids can be checked on the input; the parsed form is only
  // needed if the document is ever queried (see `lazyRecord`), so it is not made here.
  const { id, schoolId } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0) throw new InvalidDocumentError(`${collection}: document needs a non-empty string id`);
  if (typeof schoolId !== 'string' || schoolId.length === 0) {
    throw new InvalidDocumentError(`${collection}/${id}: document needs a non-empty string schoolId`);
  }
  if (id.length > MAX_ID_CHARS) throw new InvalidDocumentError(`${collection}: id is longer than ${MAX_ID_CHARS} characters`);
  if (FORBIDDEN_ID_CHARS.test(id)) throw new InvalidDocumentError(`${collection}/${id}: id may not contain / \\ ? or #`);
  if (Buffer.byteLength(json) > MAX_DOC_BYTES) throw new InvalidDocumentError(`${collection}/${id}: document is over 2 MB`);
  return { schoolId, id, json, body: body as Record<string, unknown> };
}
