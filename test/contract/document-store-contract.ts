/**
 * The one behavioural contract every `DocumentStore` must meet (embedded, Cosmos). Uses only the
 * port, so any implementation can run it: call `documentStoreContract(name, openStore)` from a
 * `*.test.ts` file. `openStore` must give a fresh, empty store; `cleanup` closes it and removes
 * its data.
 */
import { ConflictError, NotFoundError, PreconditionFailedError, type Doc, type DocumentStore, type Query, type Stored } from '../../src/ports/document-store';

/** Opens a fresh, empty store; `cleanup` closes it and removes its data. */
export type OpenStore = () => Promise<{ store: DocumentStore; cleanup: () => Promise<void> }>;

interface Incident extends Doc {
  status?: string;
  n?: number | string;
  tag?: string;
  routing?: { urgent: boolean };
  reportedAt?: string;
  closedAt?: null;
  notes?: string[];
}

interface Counter extends Doc {
  value: number;
}

const SEED: Incident[] = [
  { id: 'a', schoolId: 's1', n: 1, status: 'open', tag: 'x', routing: { urgent: true }, reportedAt: '2025-01-10T09:00:00Z' },
  { id: 'b', schoolId: 's1', n: 2, status: 'closed', tag: 'y', routing: { urgent: false }, reportedAt: '2025-02-10T09:00:00Z' },
  { id: 'c', schoolId: 's1', n: 3, status: 'open', tag: 'z', reportedAt: '2025-03-10T09:00:00Z', closedAt: null },
  { id: 'd', schoolId: 's1', status: 'open', tag: 'x' },
  { id: 'e', schoolId: 's2', n: 4, status: 'open', tag: 'x', routing: { urgent: true } },
  // A string where other documents have a number: Cosmos never matches or orders it against numbers.
  { id: 'f', schoolId: 's2', n: '5', status: 'closed' },
];

function ids(docs: Array<{ id: string }>): string[] {
  return docs.map((d) => d.id).sort();
}

/** Defines the contract's jest `describe` blocks for one store implementation. */
export function documentStoreContract(name: string, openStore: OpenStore): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await openStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('single documents', () => {
      test('get of a missing document resolves undefined', async () => {
        expect(await store.get('incidents', 's1', 'nope')).toBeUndefined();
      });

      test('create then get returns the document with an etag', async () => {
        const created = await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open', notes: ['a'] });
        expect(created).toMatchObject({ id: 'i1', schoolId: 's1', status: 'open', notes: ['a'] });
        expect(typeof created._etag).toBe('string');
        expect(created._etag.length).toBeGreaterThan(0);
        const read = await store.get<Incident>('incidents', 's1', 'i1');
        expect(read).toMatchObject({ id: 'i1', schoolId: 's1', status: 'open', notes: ['a'], _etag: created._etag });
      });

      test('a draft write is readable at once and keeps the etag rules', async () => {
        const draft = await store.create<Incident>('wizards', { id: 'w1', schoolId: 's1', status: 'open' }, { durability: 'draft' });
        expect(await store.get('wizards', 's1', 'w1')).toMatchObject({ status: 'open', _etag: draft._etag });
        const next = await store.replace<Incident>('wizards', { id: 'w1', schoolId: 's1', status: 'step-2' }, draft._etag, { durability: 'draft' });
        await expect(store.replace('wizards', { id: 'w1', schoolId: 's1', status: 'stale' }, draft._etag, { durability: 'draft' })).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store.get('wizards', 's1', 'w1')).toMatchObject({ status: 'step-2', _etag: next._etag });
      });

      test('create of an existing id is a ConflictError and leaves the original unchanged', async () => {
        const original = await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        await expect(store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'hijacked' })).rejects.toBeInstanceOf(ConflictError);
        const read = await store.get<Incident>('incidents', 's1', 'i1');
        expect(read).toMatchObject({ status: 'open', _etag: original._etag });
      });

      test('the same id in two schools is two documents', async () => {
        await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        await store.create<Incident>('incidents', { id: 'i1', schoolId: 's2', status: 'closed' });
        expect(await store.get<Incident>('incidents', 's1', 'i1')).toMatchObject({ schoolId: 's1', status: 'open' });
        expect(await store.get<Incident>('incidents', 's2', 'i1')).toMatchObject({ schoolId: 's2', status: 'closed' });
        expect(await store.delete('incidents', 's1', 'i1')).toBe(true);
        expect(await store.get('incidents', 's1', 'i1')).toBeUndefined();
        expect(await store.get<Incident>('incidents', 's2', 'i1')).toMatchObject({ status: 'closed' });
      });

      test('the same id in two collections is two documents', async () => {
        await store.create<Incident>('incidents', { id: 'x', schoolId: 's1', status: 'open' });
        await store.create<Counter>('counters', { id: 'x', schoolId: 's1', value: 1 });
        expect(await store.get<Incident>('incidents', 's1', 'x')).toMatchObject({ status: 'open' });
        expect(await store.get<Counter>('counters', 's1', 'x')).toMatchObject({ value: 1 });
      });

      test('replace with the current etag writes and issues a new etag', async () => {
        const v1 = await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        const v2 = await store.replace<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'closed' }, v1._etag);
        expect(v2).toMatchObject({ status: 'closed' });
        expect(v2._etag).not.toBe(v1._etag);
        expect(await store.get<Incident>('incidents', 's1', 'i1')).toMatchObject({ status: 'closed', _etag: v2._etag });
      });

      test('a conflicting edit (stale etag) is a PreconditionFailedError and changes nothing', async () => {
        const read = await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        const first = await store.replace<Incident>('incidents', { ...read, status: 'closed' }, read._etag);
        await expect(store.replace<Incident>('incidents', { ...read, status: 'escalated' }, read._etag)).rejects.toBeInstanceOf(PreconditionFailedError);
        expect(await store.get<Incident>('incidents', 's1', 'i1')).toMatchObject({ status: 'closed', _etag: first._etag });
      });

      test('passing a read document (with its _etag) back to replace stores the new etag, not the old one', async () => {
        const read = await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        const written = await store.replace<Incident>('incidents', { ...read, status: 'closed' }, read._etag);
        const again = await store.get<Incident>('incidents', 's1', 'i1');
        expect(again?._etag).toBe(written._etag);
        expect(again?._etag).not.toBe(read._etag);
      });

      test('replace of a missing document is a NotFoundError', async () => {
        const other = await store.create<Incident>('incidents', { id: 'other', schoolId: 's1' });
        await expect(store.replace<Incident>('incidents', { id: 'nope', schoolId: 's1' }, other._etag)).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.get('incidents', 's1', 'nope')).toBeUndefined();
      });

      test('upsert creates, then overwrites the whole document with a new etag', async () => {
        const v1 = await store.upsert<Incident>('incidents', { id: 'u1', schoolId: 's1', status: 'open', tag: 'x' });
        expect(await store.get<Incident>('incidents', 's1', 'u1')).toMatchObject({ status: 'open', tag: 'x', _etag: v1._etag });
        const v2 = await store.upsert<Incident>('incidents', { id: 'u1', schoolId: 's1', status: 'closed' });
        expect(v2._etag).not.toBe(v1._etag);
        const read = await store.get<Incident>('incidents', 's1', 'u1');
        expect(read).toMatchObject({ status: 'closed', _etag: v2._etag });
        expect(read?.tag).toBeUndefined();
      });

      test('delete removes the document, reports whether it existed, and frees the id', async () => {
        await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'open' });
        expect(await store.delete('incidents', 's1', 'i1')).toBe(true);
        expect(await store.get('incidents', 's1', 'i1')).toBeUndefined();
        expect(await store.delete('incidents', 's1', 'i1')).toBe(false);
        await expect(store.replace<Incident>('incidents', { id: 'i1', schoolId: 's1' }, 'any')).rejects.toBeInstanceOf(NotFoundError);
        await store.create<Incident>('incidents', { id: 'i1', schoolId: 's1', status: 'reopened' });
        expect(await store.get<Incident>('incidents', 's1', 'i1')).toMatchObject({ status: 'reopened' });
      });
    });

    describe('returned documents are copies', () => {
      test('mutating what create, get or query returned, or the input, does not change the store', async () => {
        const input: Incident = { id: 'i1', schoolId: 's1', status: 'open', routing: { urgent: true }, notes: ['one'] };
        const created = await store.create<Incident>('incidents', input);
        input.status = 'input-mutated';
        input.notes?.push('input');
        created.status = 'created-mutated';
        created.routing!.urgent = false;
        const read = await store.get<Incident>('incidents', 's1', 'i1');
        read!.notes!.push('read');
        const [queried] = await store.query<Incident>('incidents', { schoolId: 's1' });
        queried!.routing!.urgent = false;
        queried!.status = 'query-mutated';
        expect(await store.get<Incident>('incidents', 's1', 'i1')).toMatchObject({ status: 'open', routing: { urgent: true }, notes: ['one'] });
      });
    });

    describe('concurrency', () => {
      test('20 workers doing read → replace-with-etag → retry on 412 end at exactly 20', async () => {
        await store.create<Counter>('counters', { id: 'counter', schoolId: 's1', value: 0 });
        // Every worker reads before any writes, so at least 19 of the first replaces must conflict.
        const firstReads = await Promise.all(Array.from({ length: 20 }, () => store.get<Counter>('counters', 's1', 'counter')));
        let conflicts = 0;
        async function increment(read: Stored<Counter> | undefined): Promise<void> {
          for (let cur = read; ; cur = await store.get<Counter>('counters', 's1', 'counter')) {
            if (!cur) throw new Error('counter vanished');
            try {
              await store.replace<Counter>('counters', { ...cur, value: cur.value + 1 }, cur._etag);
              return;
            } catch (err) {
              if (!(err instanceof PreconditionFailedError)) throw err;
              conflicts++;
            }
          }
        }
        await Promise.all(firstReads.map(increment));
        expect((await store.get<Counter>('counters', 's1', 'counter'))?.value).toBe(20);
        expect(conflicts).toBeGreaterThanOrEqual(19);
      });

      test('50 parallel creates of one id (a duplicate submission): exactly one succeeds, and it is what is stored', async () => {
        const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.create<Incident>('incidents', { id: 'dup', schoolId: 's1', tag: `submission-${i}` })));
        const won = results.filter((r): r is PromiseFulfilledResult<Stored<Incident>> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
        expect(await store.get<Incident>('incidents', 's1', 'dup')).toMatchObject({ tag: won[0]!.value.tag, _etag: won[0]!.value._etag });
      });
    });

    describe('query and count', () => {
      beforeEach(async () => {
        for (const doc of SEED) await store.create<Incident>('incidents', doc);
      });

      const q = (query: Query): Promise<string[]> => store.query<Incident>('incidents', query).then(ids);

      test('a schoolId restricts to that partition', async () => {
        expect(await q({ schoolId: 's1' })).toEqual(['a', 'b', 'c', 'd']);
        expect(await q({ schoolId: 's2' })).toEqual(['e', 'f']);
        expect(await q({ schoolId: 'nobody' })).toEqual([]);
        expect(await store.query('people', { schoolId: 's1' })).toEqual([]);
      });

      test('query results carry the current etag', async () => {
        const [a] = await store.query<Incident>('incidents', { schoolId: 's1', where: [{ field: 'id', op: '=', value: 'a' }] });
        expect(a?._etag).toBe((await store.get('incidents', 's1', 'a'))?._etag);
      });

      test('= matches strings, numbers, booleans on dotted paths, and null', async () => {
        expect(await q({ schoolId: 's1', where: [{ field: 'status', op: '=', value: 'open' }] })).toEqual(['a', 'c', 'd']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '=', value: 2 }] })).toEqual(['b']);
        expect(await q({ schoolId: 's1', where: [{ field: 'routing.urgent', op: '=', value: false }] })).toEqual(['b']);
        expect(await q({ schoolId: 's1', where: [{ field: 'closedAt', op: '=', value: null }] })).toEqual(['c']);
      });

      test('!= excludes documents that lack the field', async () => {
        expect(await q({ schoolId: 's1', where: [{ field: 'status', op: '!=', value: 'open' }] })).toEqual(['b']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '!=', value: 2 }] })).toEqual(['a', 'c']);
        expect(await q({ schoolId: 's1', where: [{ field: 'routing.urgent', op: '!=', value: true }] })).toEqual(['b']);
      });

      test('<, <=, >, >= compare numbers and ISO date strings; missing fields never match', async () => {
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '<', value: 3 }] })).toEqual(['a', 'b']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '<=', value: 3 }] })).toEqual(['a', 'b', 'c']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '>', value: 1 }] })).toEqual(['b', 'c']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: '>=', value: 2 }] })).toEqual(['b', 'c']);
        expect(await q({ schoolId: 's1', where: [{ field: 'reportedAt', op: '>=', value: '2025-02-01' }] })).toEqual(['b', 'c']);
        expect(await q({ schoolId: 's1', where: [{ field: 'reportedAt', op: '<', value: '2025-02-01' }] })).toEqual(['a']);
      });

      test('a number never matches a string of the same digits', async () => {
        expect(await q({ where: [{ field: 'n', op: '>', value: 3 }] })).toEqual(['e']);
        expect(await q({ where: [{ field: 'n', op: '=', value: '2' }] })).toEqual([]);
      });

      test('in matches any listed value', async () => {
        expect(await q({ schoolId: 's1', where: [{ field: 'tag', op: 'in', value: ['x', 'z'] }] })).toEqual(['a', 'c', 'd']);
        expect(await q({ schoolId: 's1', where: [{ field: 'n', op: 'in', value: [1, 3, 99] }] })).toEqual(['a', 'c']);
      });

      test('several conditions all have to hold', async () => {
        const where = [
          { field: 'status', op: '=', value: 'open' },
          { field: 'n', op: '>=', value: 2 },
        ] as const;
        expect(await q({ schoolId: 's1', where: [...where] })).toEqual(['c']);
      });

      test('orderBy sorts ascending and descending; limit keeps the first n', async () => {
        const numbered = { field: 'n', op: '>=', value: 0 } as const;
        const asc = await store.query<Incident>('incidents', { schoolId: 's1', where: [numbered], orderBy: { field: 'n', direction: 'asc' } });
        expect(asc.map((d) => d.id)).toEqual(['a', 'b', 'c']);
        const desc = await store.query<Incident>('incidents', { schoolId: 's1', where: [numbered], orderBy: { field: 'n', direction: 'desc' } });
        expect(desc.map((d) => d.id)).toEqual(['c', 'b', 'a']);
        const top2 = await store.query<Incident>('incidents', {
          schoolId: 's1',
          where: [numbered],
          orderBy: { field: 'n', direction: 'desc' },
          limit: 2,
        });
        expect(top2.map((d) => d.id)).toEqual(['c', 'b']);
        const byDate = await store.query<Incident>('incidents', {
          schoolId: 's1',
          where: [{ field: 'reportedAt', op: '>=', value: '2025' }],
          orderBy: { field: 'reportedAt', direction: 'desc' },
        });
        expect(byDate.map((d) => d.id)).toEqual(['c', 'b', 'a']);
      });

      test('limit without orderBy returns that many matches from the partition', async () => {
        const two = await store.query<Incident>('incidents', { schoolId: 's1', limit: 2 });
        expect(two).toHaveLength(2);
        for (const d of two) expect(d.schoolId).toBe('s1');
        expect(await store.query('incidents', { schoolId: 's1', limit: 0 })).toEqual([]);
      });

      test('without a schoolId a query spans every school', async () => {
        expect(await q({ where: [{ field: 'status', op: '=', value: 'open' }] })).toEqual(['a', 'c', 'd', 'e']);
        expect(await q({ where: [{ field: 'routing.urgent', op: '=', value: true }] })).toEqual(['a', 'e']);
        const ordered = await store.query<Incident>('incidents', {
          where: [{ field: 'n', op: '>=', value: 0 }],
          orderBy: { field: 'n', direction: 'desc' },
        });
        expect(ordered.map((d) => d.id)).toEqual(['e', 'c', 'b', 'a']);
      });

      test('count applies the same filters', async () => {
        expect(await store.count('incidents', { schoolId: 's1' })).toBe(4);
        expect(await store.count('incidents', { schoolId: 's1', where: [{ field: 'status', op: '=', value: 'open' }] })).toBe(3);
        expect(await store.count('incidents', { schoolId: 's1', where: [{ field: 'n', op: '!=', value: 2 }] })).toBe(2);
        expect(await store.count('incidents', {})).toBe(6);
        expect(await store.count('incidents', { where: [{ field: 'status', op: '=', value: 'open' }] })).toBe(4);
        expect(await store.count('incidents', { schoolId: 's1', limit: 2 })).toBe(2);
        expect(await store.count('people', {})).toBe(0);
      });

      test('count and query see deletes and replaces', async () => {
        await store.delete('incidents', 's1', 'a');
        const b = await store.get<Incident>('incidents', 's1', 'b');
        await store.replace<Incident>('incidents', { ...b!, status: 'open' }, b!._etag);
        expect(await q({ schoolId: 's1', where: [{ field: 'status', op: '=', value: 'open' }] })).toEqual(['b', 'c', 'd']);
        expect(await store.count('incidents', { schoolId: 's1' })).toBe(3);
      });
    });
  });
}
