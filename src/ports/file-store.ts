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

/** A download was refused: a host not allowed, too many redirects, an answer other than 200. */
export class DownloadRefusedError extends Error {
  readonly code = 'download-refused';
}

/** The download passed its byte cap. */
export class DownloadTooLargeError extends Error {
  readonly code = 'too-large';
}

/** How one file is fetched: which hosts may serve it (checked on every redirect too), the cap, and any headers (a bearer token). */
export interface CappedDownload {
  maxBytes: number;
  allowUrl: (url: URL) => boolean;
  headers?: Record<string, string>;
  /** Headers are sent only to URLs this accepts (a token never follows a redirect elsewhere); all allowed URLs when not given. */
  headersFor?: (url: URL) => boolean;
  timeoutMs?: number;
}

/**
 * Fetches `url` into memory, refusing a URL or redirect the caller does not allow (no SSRF), an answer
 * over `maxBytes` (by its Content-Length, or while streaming), and anything slower than the timeout.
 */
export async function downloadCapped(url: string, options: CappedDownload): Promise<Buffer> {
  let target = new URL(url);
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  for (let hop = 0; hop < 4; hop++) {
    if (!options.allowUrl(target)) throw new DownloadRefusedError(`host not allowed: ${target.host}`);
    const headers = options.headers && (options.headersFor?.(target) ?? true) ? options.headers : {};
    const res = await fetch(target, { headers, redirect: 'manual', signal });
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      target = new URL(res.headers.get('location') as string, target);
      continue;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new DownloadRefusedError(`status ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > options.maxBytes) {
      await res.body.cancel();
      throw new DownloadTooLargeError(`content-length ${declared}`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel();
        throw new DownloadTooLargeError(`more than ${options.maxBytes} bytes`);
      }
      chunks.push(Buffer.from(value));
    }
    return Buffer.concat(chunks);
  }
  throw new DownloadRefusedError('too many redirects');
}
