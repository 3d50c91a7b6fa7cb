import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore, InvalidDocumentError, InvalidQueryError, type EmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import type { Doc } from '../../src/ports/document-store';
import { documentStoreContract } from './document-store-contract';

documentStoreContract('embedded', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'embedded-store-'));
  const store = await createEmbeddedStore({ dataDir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('embedded store on disk', () => {
  let dataDir: string;
  const open: EmbeddedStore[] = [];
  async function openStore(compactAfterBytes?: number): Promise<EmbeddedStore> {
    const store = await createEmbeddedStore({ dataDir, compactAfterBytes });
    open.push(store);
    return store;
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-disk-'));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('100 concurrent creates are group-committed into a handful of commits (one fsync each)', async () => {
    const store = await openStore();
    const before = store.stats().commits;
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.create('incidents', { id: `i${i}`, schoolId: 's1', i })));
    expect(store.stats().commits - before).toBeLessThanOrEqual(3);
    expect(await store.count('incidents', { schoolId: 's1' })).toBe(100);
  });

  test('documents, deletes and etags survive close and reopen', async () => {
    const first = await openStore();
    const kept = await first.create('incidents', { id: 'kept', schoolId: 's1', note: 'café ✓ "quoted"\nline' });
    await first.create('incidents', { id: 'gone', schoolId: 's1' });
    await first.delete('incidents', 's1', 'gone');
    await first.close();

    const second = await openStore();
    expect(await second.get('incidents', 's1', 'kept')).toEqual(kept);
    expect(await second.get('incidents', 's1', 'gone')).toBeUndefined();
    // An etag read before a restart still works after it.
    await second.replace('incidents', { id: 'kept', schoolId: 's1', note: 'edited' }, kept._etag);
    expect(await second.get('incidents', 's1', 'kept')).toMatchObject({ note: 'edited' });
  });

  test('draft writes reach disk on close, in order with durable ones', async () => {
    const first = await openStore();
    const draft = await first.create('wizards', { id: 'w', schoolId: 's1', step: 1 }, { durability: 'draft' });
    await first.replace('wizards', { id: 'w', schoolId: 's1', step: 2 }, draft._etag, { durability: 'draft' });
    await first.close();
    const second = await openStore();
    expect(await second.get('wizards', 's1', 'w')).toMatchObject({ step: 2 });
  });

  test('a checkpoint folds the write-ahead log into the file without losing writes made meanwhile', async () => {
    const store = await openStore();
    for (let i = 0; i < 200; i++) await store.upsert('people', { id: `p${i}`, schoolId: `s${i % 4}`, v: 1 });
    for (let i = 0; i < 200; i += 2) await store.delete('people', `s${i % 4}`, `p${i}`);
    const compacting = store.compact();
    const during = store.create('people', { id: 'during', schoolId: 's0' });
    await Promise.all([compacting, during]);
    expect(store.stats().compactions).toBe(1);
    await store.close();
    // A clean close leaves the one database file, nothing beside it.
    expect((await readdir(dataDir)).sort()).toEqual(['esafety.sqlite']);

    const reopened = await openStore();
    expect(await reopened.count('people', {})).toBe(101);
    expect(await reopened.get('people', 's0', 'during')).toBeDefined();
    expect(await reopened.get('people', 's0', 'p0')).toBeUndefined();
  });

  test('the write-ahead log stays near its threshold however many writes go through it', async () => {
    const store = await openStore(16 * 1024);
    let largest = 0;
    for (let i = 0; i < 300; i++) {
      await store.upsert('incidents', { id: 'hot', schoolId: 's1', i, pad: 'x'.repeat(100) });
      largest = Math.max(largest, (await stat(join(dataDir, 'esafety.sqlite-wal'))).size);
    }
    await store.close();
    // Without checkpoints 300 commits of this document would need well over a megabyte of log.
    expect(largest).toBeLessThan(256 * 1024);
    const reopened = await openStore();
    expect(await reopened.get('incidents', 's1', 'hot')).toMatchObject({ i: 299 });
    expect(await reopened.count('incidents', {})).toBe(1);
  });

  test("a report's drafts and its final durable write share one commit", async () => {
    const store = await openStore();
    await store.create('counters', { id: 'warm', schoolId: 's1' });
    const before = store.stats().commits;
    const wizard = await store.create('wizards', { id: 'w', schoolId: 's1', step: 'review' }, { durability: 'draft' });
    await store.create('incidents', { id: 'i', schoolId: 's1' }, { durability: 'draft' });
    await Promise.all([1, 2, 3].map((n) => store.create('outbox', { id: `i:${n}`, schoolId: 's1' }, { durability: 'draft' })));
    await store.create('audit', { id: 'i:reported', schoolId: 's1' }, { durability: 'draft' });
    await store.replace('wizards', { id: 'w', schoolId: 's1', step: 'submitted' }, wizard._etag);
    expect(store.stats().commits - before).toBe(1);
  });

  test('durable writes from 50 concurrent requests wait for a handful of commits, not 50', async () => {
    const store = await openStore();
    const before = store.stats().commits;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const doc = await store.create('wizards', { id: `w${i}`, schoolId: 's1', step: 1 });
        await store.replace('wizards', { ...doc, step: 2 }, doc._etag);
      }),
    );
    expect(store.stats().commits - before).toBeLessThanOrEqual(8);
    expect(await store.count('wizards', { where: [{ field: 'step', op: '=', value: 2 }] })).toBe(50);
  });

  test('obviously bad documents and queries are refused with clear errors', async () => {
    const store = await openStore();
    const bad = (doc: unknown): Promise<unknown> => store.create('incidents', doc as Doc);
    await expect(bad({ schoolId: 's1' })).rejects.toThrow(/string id/);
    await expect(bad({ id: 7, schoolId: 's1' })).rejects.toThrow(/string id/);
    await expect(bad({ id: 'x' })).rejects.toThrow(/schoolId/);
    await expect(bad({ id: 'x'.repeat(256), schoolId: 's1' })).rejects.toThrow(/longer than 255/);
    await expect(bad({ id: 'a/b', schoolId: 's1' })).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(bad(null)).rejects.toBeInstanceOf(InvalidDocumentError);
    await expect(store.create('nonsense' as 'incidents', { id: 'x', schoolId: 's1' })).rejects.toThrow(/unknown collection/);
    await expect(store.query('incidents', { where: [{ field: 'a..b', op: '=', value: 1 }] })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(store.query('incidents', { limit: -1 })).rejects.toBeInstanceOf(InvalidQueryError);
    expect(await store.count('incidents', {})).toBe(0);
  });

  test('a closed store refuses further calls', async () => {
    const store = await openStore();
    await store.close();
    await expect(store.get('incidents', 's1', 'x')).rejects.toThrow(/closed/);
  });
});
