/**
 * The data directory: created durably, and owner-only with every file in it.
 */
import { chmod, mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * Fsyncs a directory so that files created, renamed or removed in it are durable.
 * Limits: a no-op on Windows, where directories cannot be opened for fsync.
 */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Safeguarding records: the store's files are readable and writable by the bot's own account only. */
export const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Makes the data directory and every file in it owner-only, whatever modes an earlier run or an operator left. */
export async function ownerOnly(dir: string): Promise<void> {
  await chmod(dir, DIR_MODE);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) await chmod(join(dir, entry.name), FILE_MODE);
  }
}

/** Creates `dir` (and missing parents, owner-only) and makes the new directory entries durable. */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  const top = resolve(first);
  for (let d = resolve(dir); ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === top) return;
  }
}
