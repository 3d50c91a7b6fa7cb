/**
 * An exclusive lock on a data directory: a `LOCK` file naming the owning process. Two processes
 * appending to the same journal would interleave and lose writes, so the second open must fail.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { FILE_MODE, hasCode } from './fs-durable';

/** Name of the lock file inside the data directory. */
export const LOCK_FILE = 'LOCK';

interface Holder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** Thrown when another live process (or another store in this process) holds the directory. */
export class DataDirLockedError extends Error {
  readonly code = 'data-dir-locked';
}

/** A held lock. */
export interface DirLock {
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** Only a dead pid on this host is provably stale; a lock taken on another host is respected. */
function isLive(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return !hasCode(err, 'ESRCH');
  }
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (hasCode(err, 'ENOENT')) return undefined;
    throw err;
  }
}

/** Takes the lock or throws `DataDirLockedError`. A lock left by a dead process is taken over. */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const text = JSON.stringify(me) + '\n';
  // Written aside and hard-linked into place, so no one can ever read a half-written LOCK.
  const staged = `${path}.${me.token}`;
  await writeFile(staged, text, { mode: FILE_MODE });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(staged, path);
        return { release: () => release(path, text) };
      } catch (err) {
        if (!hasCode(err, 'EEXIST')) throw err;
      }
      const seen = await readOrUndefined(path);
      if (seen === undefined) continue;
      const holder = parseHolder(seen);
      if (holder && isLive(holder)) {
        const who = holder.pid === process.pid && holder.host === me.host ? 'this process' : `process ${holder.pid} on ${holder.host}`;
        throw new DataDirLockedError(
          `embedded store data directory ${dir} is locked by ${who} since ${holder.since}; ` +
            `if no such process is using it, delete ${path}`,
        );
      }
      await takeOver(path, seen, me.token);
    }
    throw new DataDirLockedError(`could not lock embedded store data directory ${dir}: the lock kept changing`);
  } finally {
    await unlink(staged).catch(() => undefined);
  }
}

/**
 * Moves a stale lock aside, checking that what was moved is the one judged stale: two processes
 * may both see the same dead owner, and the slower one must not remove the faster one's new lock.
 */
async function takeOver(path: string, staleText: string, token: string): Promise<void> {
  const aside = `${path}.stale-${token}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (hasCode(err, 'ENOENT')) return;
    throw err;
  }
  const moved = await readOrUndefined(aside);
  if (moved !== staleText) await link(aside, path).catch(() => undefined);
  await unlink(aside);
}

async function release(path: string, text: string): Promise<void> {
  if ((await readOrUndefined(path)) === text) await unlink(path);
}
