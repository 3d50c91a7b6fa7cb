/**
 * Streams a file line by line, so files larger than the biggest JavaScript string still load.
 */
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface LineScan {
  /** Bytes up to and including the last newline: everything after it is a torn write. */
  completeBytes: number;
  /** Bytes after the last newline (0 when the file ends cleanly). */
  tornBytes: number;
}

/**
 * Calls `onLine` for every newline-terminated line (1-based line numbers). A final segment without
 * a newline is not passed on: appends are the only writes, so it can only be a write cut short.
 */
export async function readLines(path: string, onLine: (line: string, lineNo: number) => void): Promise<LineScan> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = Buffer.alloc(0);
    let lineNo = 0;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // Splitting on the byte 0x0a is safe for UTF-8: it never occurs inside a multi-byte character.
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        onLine(data.toString('utf8', start, nl), ++lineNo);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    return { completeBytes: total - carry.length, tornBytes: carry.length };
  } finally {
    await handle.close();
  }
}
