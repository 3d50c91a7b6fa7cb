/**
 * The file port: bytes kept under a key, for evidence added to a case. The embedded default keeps
 * files under the data directory (owner-only); production keeps them in Azure Blob Storage.
 * Keys are made by core from opaque ids (`<school>/<evidence id>`), never from a file's own name.
 */

/** A stored file's bytes. */
export interface FileStore {
  /** Stores the bytes under `key`, replacing any there; resolves only once they are durable. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the bytes under `key`; resolves false when there were none. */
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
}

/** A key is one or more segments of letters, digits, `_`, `-` or `.` (no `..`), joined by `/`: safe as a path and as a blob name. */
export function isSafeFileKey(key: string): boolean {
  return key.length <= 400 && key.split('/').every((part) => /^[A-Za-z0-9_.-]{1,120}$/.test(part) && part !== '.' && part !== '..');
}
