/**
 * Evidence files under a directory of their own (by default `<DATA_DIR>/evidence`): one file per key,
 * directories 0700 and files 0600, written to a temporary name, fsynced, renamed into place and the
 * directory fsynced, so a file the bot says it kept survives a crash and is never seen half-written.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type FileStore, isSafeFileKey } from '../../ports/file-store';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files on this machine's disk, owner-only. */
export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    if (!isSafeFileKey(key)) throw new Error('unsafe file key');
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error('unsafe file key');
    return path;
  }

  /** Makes every directory from the root down to `dir` owner-only, and the new entries durable. */
  private async makeDirs(dir: string): Promise<void> {
    const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
    // mkdir's mode is masked by the umask: set it outright on each level below (and including) the root.
    for (let d = dir; d.startsWith(this.root); d = dirname(d)) {
      await chmod(d, DIR_MODE);
      if (d === this.root) break;
    }
    if (created !== undefined) {
      for (let d = dir; ; d = dirname(d)) {
        await fsyncDir(dirname(d));
        if (resolve(d) === resolve(created)) break;
      }
    }
  }

  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    await this.makeDirs(dir);
    const temp = join(dir, `.${randomUUID()}.tmp`);
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await rename(temp, path);
    await fsyncDir(dir);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    const there = await this.exists(key);
    if (!there) return false;
    await rm(path, { force: true });
    await fsyncDir(dirname(path));
    return true;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
