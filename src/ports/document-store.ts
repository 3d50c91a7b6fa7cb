/**
 * The storage port: a small document store that both the embedded store and Cosmos DB implement.
 * Every document belongs to one school (its partition); ids are deterministic where idempotency matters.
 */

/** The collections the product keeps. Each is a Cosmos container (partition key `/schoolId`). */
export const COLLECTIONS = [
  'incidents',
  'wizards',
  'audit',
  'counters',
  'people',
  'signatures',
  'conversations',
  'leases',
  'outbox',
  'sent',
  'pupils',
  'links',
  'evidence',
  'transfers',
  'filtering',
  'alerts',
  'reviews',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** A stored document: `id` unique within its school's partition. */
export interface Doc {
  id: string;
  schoolId: string;
  [key: string]: unknown;
}

/** A document as read back, with its concurrency token. */
export type Stored<T extends Doc> = T & { _etag: string };

/** One condition of a query. Values are always passed as parameters, never spliced into text. */
export type Condition = { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string | number | boolean | null } | { field: string; op: 'in'; value: Array<string | number> };

export interface Query {
  /** Restrict to one school's partition; omit only for cross-school (trust) views. */
  schoolId?: string;
  where?: Condition[];
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
}

/** Thrown by `create` when a document with the same id already exists in the partition. */
export class ConflictError extends Error {
  readonly code = 'conflict';
  constructor(collection: string, id: string) {
    super(`${collection}/${id} already exists`);
  }
}

/** Thrown by `replace` when the document changed since it was read (stale etag). */
export class PreconditionFailedError extends Error {
  readonly code = 'precondition-failed';
  constructor(collection: string, id: string) {
    super(`${collection}/${id} was changed by someone else`);
  }
}

/** Thrown by `replace` when the document does not exist. */
export class NotFoundError extends Error {
  readonly code = 'not-found';
  constructor(collection: string, id: string) {
    super(`${collection}/${id} does not exist`);
  }
}

/** How long a write makes its caller wait. */
export interface WriteOptions {
  /**
   * `draft`: the write may resolve before it reaches disk (it follows within milliseconds, in order).
   * A draft is never on disk later than a durable write made after it, so drafts followed by one
   * durable write are all safe once that write resolves (one disk sync for a whole report). Never end
   * on a draft what a person is told is saved. A store that is always durable (Cosmos) ignores it.
   */
  durability?: 'durable' | 'draft';
}

/**
 * The document store. A resolved promise from a write means the write is durable, unless the caller
 * asked for a `draft` write.
 * Limits: no transactions across documents; callers use deterministic ids and etags instead.
 */
export interface DocumentStore {
  get<T extends Doc>(collection: Collection, schoolId: string, id: string): Promise<Stored<T> | undefined>;
  /** Creates the document; throws `ConflictError` if the id is taken. */
  create<T extends Doc>(collection: Collection, doc: T, options?: WriteOptions): Promise<Stored<T>>;
  /** Replaces the document if its etag still matches; throws `PreconditionFailedError` otherwise. */
  replace<T extends Doc>(collection: Collection, doc: T, etag: string, options?: WriteOptions): Promise<Stored<T>>;
  /** Creates or overwrites without a concurrency check (for caches such as conversation references). */
  upsert<T extends Doc>(collection: Collection, doc: T): Promise<Stored<T>>;
  /** Deletes the document; resolves false if it was not there. */
  delete(collection: Collection, schoolId: string, id: string): Promise<boolean>;
  query<T extends Doc>(collection: Collection, query: Query): Promise<Array<Stored<T>>>;
  /** Counts matching documents without returning them. */
  count(collection: Collection, query: Query): Promise<number>;
  /**
   * A real round trip that proves the store can serve now (for readiness): throws if the store, its
   * database or its collections are not there. Stores without a remote side may leave it out.
   */
  ready?(): Promise<void>;
  close(): Promise<void>;
}
