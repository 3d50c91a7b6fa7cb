/**
 * Durability of the embedded store: writes acknowledged before a kill -9 are all there on reopen,
 * a torn final journal line is ignored, and a locked data directory cannot be opened twice.
 */
import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbeddedStore, DataDirLockedError, EmbeddedStoreCorruptError } from '../../src/adapters/embedded/embedded-store';
import { runUntilKilled } from '../builders/run-until-killed';

const WRITER = resolve(__dirname, '../fakes/embedded-writer.ts');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'embedded-crash-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function runAndKill(round: number, killAfterMs: number): Promise<string[]> {
  return runUntilKilled(WRITER, [dataDir, String(round)], killAfterMs);
}

test('every write acknowledged before kill -9 survives, over three crash-and-reopen rounds', async () => {
  const created = new Map<string, { schoolId: string; n: number }>();
  const deleted = new Map<string, string>();
  const counters = new Map<string, number>();
  for (let round = 1; round <= 3; round++) {
    const lines = await runAndKill(round, 300 + Math.floor(Math.random() * 200));
    for (const line of lines.slice(1)) {
      const [kind, a, b, c] = line.split(' ');
      if (kind === 'C') created.set(b!, { schoolId: a!, n: Number(c) });
      else if (kind === 'D') deleted.set(b!, a!);
      else if (kind === 'R') counters.set(a!, Math.max(counters.get(a!) ?? 0, Number(b)));
      else throw new Error(`unexpected writer output: ${line}`);
    }
    expect(lines.length).toBeGreaterThan(50);

    const store = await createEmbeddedStore({ dataDir });
    try {
      for (const [id, { schoolId, n }] of created) {
        const doc = await store.get<{ id: string; schoolId: string; n: number; text: string }>('incidents', schoolId, id);
        if (deleted.has(id)) expect(doc).toBeUndefined();
        // The writer deletes these straight after creating them; an unprinted delete may have landed.
        else if (n % 7 === 0 && doc === undefined) continue;
        else expect({ id, doc }).toMatchObject({ id, doc: { id, schoolId, n, text: 'x'.repeat(n % 50) } });
      }
      for (const [id, value] of counters) {
        // A replace can land after its line was last printed, never before.
        const counter = await store.get<{ id: string; schoolId: string; value: number }>('counters', 's0', id);
        expect(counter?.value).toBeGreaterThanOrEqual(value);
      }
    } finally {
      await store.close();
    }
  }
  expect(counters.size).toBe(3);
  expect(deleted.size).toBeGreaterThan(0);
}, 60_000);

async function lastJournal(): Promise<string> {
  const journals = (await readdir(dataDir)).filter((n) => n.startsWith('journal-')).sort();
  return join(dataDir, journals[journals.length - 1]!);
}

test('a torn final journal line is ignored, and later writes still load', async () => {
  const first = await createEmbeddedStore({ dataDir });
  for (let i = 0; i < 5; i++) await first.create('incidents', { id: `i${i}`, schoolId: 's1', n: i });
  await first.close();
  await appendFile(await lastJournal(), '{"op":"put","c":"incidents","s":"s1","id":"torn","e":"x","d":{"id":"to');

  const second = await createEmbeddedStore({ dataDir });
  expect(await second.count('incidents', { schoolId: 's1' })).toBe(5);
  expect(await second.get('incidents', 's1', 'torn')).toBeUndefined();
  await second.create('incidents', { id: 'after', schoolId: 's1', n: 99 });
  await second.close();

  // Had the torn bytes stayed, 'after' would have been glued onto them and this open would fail.
  const third = await createEmbeddedStore({ dataDir });
  expect(await third.count('incidents', { schoolId: 's1' })).toBe(6);
  expect(await third.get('incidents', 's1', 'after')).toMatchObject({ n: 99 });
  await third.close();
});

test('damage in the middle of the journal fails the open with the file and line named', async () => {
  const store = await createEmbeddedStore({ dataDir });
  for (let i = 0; i < 3; i++) await store.create('incidents', { id: `i${i}`, schoolId: 's1' });
  await store.close();
  const path = await lastJournal();
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[2] = '{"op":"put", garbage';
  await writeFile(path, lines.join('\n'));
  const opening = createEmbeddedStore({ dataDir });
  await expect(opening).rejects.toBeInstanceOf(EmbeddedStoreCorruptError);
  await expect(opening).rejects.toThrow(/line 3/);
});

test('a data directory held by a live process cannot be opened again until it is closed', async () => {
  const holder = await createEmbeddedStore({ dataDir });
  await expect(createEmbeddedStore({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
  await expect(createEmbeddedStore({ dataDir })).rejects.toThrow(/is locked by this process/);
  await holder.close();
  const again = await createEmbeddedStore({ dataDir });
  await again.close();
});

test('a lock held by another live process is refused; one left by a dead process is taken over', async () => {
  const lock = join(dataDir, 'LOCK');
  const holderOf = (pid: number): string => JSON.stringify({ pid, host: hostname(), token: 't', since: '2025-01-01T00:00:00Z' });
  // The parent of the jest worker is alive for the whole test.
  await writeFile(lock, holderOf(process.ppid));
  await expect(createEmbeddedStore({ dataDir })).rejects.toThrow(new RegExp(`locked by process ${process.ppid}`));

  const exited = spawnSync(process.execPath, ['-e', '']);
  await writeFile(lock, holderOf(exited.pid!));
  const store = await createEmbeddedStore({ dataDir });
  await store.create('incidents', { id: 'i1', schoolId: 's1' });
  await store.close();
});
