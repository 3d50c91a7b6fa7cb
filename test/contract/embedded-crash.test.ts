/**
 * Durability of the embedded store: writes acknowledged before a kill -9 are all there on reopen,
 * start-up says what it recovered, a torn final write-ahead-log frame is ignored, a file that is not
 * a database is refused with the repair named, and two openers of one data directory stay consistent.
 */
import { appendFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmbeddedStore, EmbeddedStoreCorruptError, type OpenEvent } from '../../src/adapters/embedded/embedded-store';
import { PreconditionFailedError } from '../../src/ports/document-store';
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

const DB = () => join(dataDir, 'esafety.sqlite');

test('after a kill -9, start-up says what it recovered, and a clean close says nothing next time', async () => {
  const lines = await runAndKill(9, 300);
  const acknowledged = lines.filter((l) => l.startsWith('C ')).length;
  const events: OpenEvent[] = [];
  const store = await createEmbeddedStore({ dataDir, onOpen: (e) => events.push(e) });
  await store.close();
  expect(events).toHaveLength(1);
  const [recovered] = events;
  expect(recovered).toMatchObject({ event: 'store.recovered', check: 'ok' });
  expect(recovered?.event === 'store.recovered' && recovered.documents).toBeGreaterThanOrEqual(Math.floor(acknowledged * (6 / 7)));

  const quiet: OpenEvent[] = [];
  const again = await createEmbeddedStore({ dataDir, onOpen: (e) => quiet.push(e) });
  await again.close();
  expect(quiet).toEqual([]);
}, 60_000);

test('another opener closing cleanly while the bot runs (a backup) does not hide the bot crashing afterwards', async () => {
  const running = runAndKill(11, 5000);
  // While the writer runs (it is killed 5 s after it is ready): a tool opens the same directory, reads, and closes cleanly.
  await new Promise((r) => setTimeout(r, 3000));
  const tool = await createEmbeddedStore({ dataDir, onOpen: (e) => expect(e).toBeUndefined() });
  await tool.count('incidents', {});
  await tool.close();
  await running;
  const events: OpenEvent[] = [];
  const store = await createEmbeddedStore({ dataDir, onOpen: (e) => events.push(e) });
  await store.close();
  expect(events).toEqual([expect.objectContaining({ event: 'store.recovered', check: 'ok', crashedProcesses: 1 })]);
}, 60_000);

test('a torn final write in the write-ahead log is ignored, and later writes still load', async () => {
  const lines = await runAndKill(10, 300);
  const last = lines
    .filter((l) => l.startsWith('C '))
    .pop()!
    .split(' ');
  const wal = `${DB()}-wal`;
  expect((await stat(wal)).size).toBeGreaterThan(0);
  // Half a frame, as a power cut in the middle of a write would leave.
  await appendFile(wal, Buffer.alloc(3000, 0x5a));
  const second = await createEmbeddedStore({ dataDir });
  expect(await second.get('incidents', last[1]!, last[2]!)).toMatchObject({ id: last[2], n: Number(last[3]) });
  await second.create('incidents', { id: 'after', schoolId: 's1', n: 99 });
  await second.close();
  const third = await createEmbeddedStore({ dataDir });
  expect(await third.get('incidents', 's1', 'after')).toMatchObject({ n: 99 });
  await third.close();
}, 60_000);

test('a file that is not a database fails the open with the repair named, and is left as it was', async () => {
  const store = await createEmbeddedStore({ dataDir });
  await store.create('incidents', { id: 'i1', schoolId: 's1' });
  await store.close();
  const garbage = Buffer.alloc(8192, 0x41);
  await writeFile(DB(), garbage);
  const opening = createEmbeddedStore({ dataDir });
  await expect(opening).rejects.toBeInstanceOf(EmbeddedStoreCorruptError);
  await expect(opening).rejects.toThrow(/docs\/embedded-store\.md/);
  expect((await stat(DB())).size).toBe(garbage.length);
});

test('two openers of one data directory (the bot and `npm run data`) see each other and keep the etag rules', async () => {
  const bot = await createEmbeddedStore({ dataDir });
  const tool = await createEmbeddedStore({ dataDir });
  try {
    const made = await bot.create('counters', { id: 'c', schoolId: 's0', value: 1 });
    const seen = await tool.get<{ id: string; schoolId: string; value: number }>('counters', 's0', 'c');
    expect(seen).toEqual(made);
    await tool.replace('counters', { ...seen!, value: 2 }, seen!._etag);
    await expect(bot.replace('counters', { ...made, value: 3 }, made._etag)).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await bot.get('counters', 's0', 'c')).toMatchObject({ value: 2 });
    expect(await bot.count('counters', {})).toBe(1);
  } finally {
    await tool.close();
    await bot.close();
  }
});
