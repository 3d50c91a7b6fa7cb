/** Reference numbers such as `ES-2026-0042`: one sequence per school and year, unique under concurrency. */
import { ConflictError, PreconditionFailedError, type Doc, type DocumentStore } from '../../ports/document-store';

interface Counter extends Doc {
  value: number;
}

const MAX_ATTEMPTS = 50;

export function formatReference(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(4, '0')}`;
}

/**
 * Submissions in this process take turns per counter, so they do not race each other into retries;
 * the etag check still keeps numbers unique across several instances sharing one store.
 */
const queues = new WeakMap<DocumentStore, Map<string, Promise<unknown>>>();

function inTurn<T>(store: DocumentStore, key: string, work: () => Promise<T>): Promise<T> {
  const forStore = queues.get(store) ?? new Map<string, Promise<unknown>>();
  queues.set(store, forStore);
  const previous = forStore.get(key) ?? Promise.resolve();
  const mine = previous.then(work, work);
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  forStore.set(key, settled);
  void settled.then(() => {
    if (forStore.get(key) === settled) forStore.delete(key);
  });
  return mine;
}

/** Takes the next number with an etag-checked increment; retries when another writer got there first. */
export function allocateReference(store: DocumentStore, schoolId: string, prefix: string, year: number): Promise<string> {
  return inTurn(store, `${schoolId}/${prefix}-${year}`, () => incrementCounter(store, schoolId, prefix, year));
}

async function incrementCounter(store: DocumentStore, schoolId: string, prefix: string, year: number): Promise<string> {
  const id = `reference-${prefix}-${year}`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get<Counter>('counters', schoolId, id);
    try {
      if (!current) {
        await store.create<Counter>('counters', { id, schoolId, value: 1 });
        return formatReference(prefix, year, 1);
      }
      const { _etag, ...doc } = current;
      await store.replace<Counter>('counters', { ...doc, value: doc.value + 1 }, _etag);
      return formatReference(prefix, year, doc.value + 1);
    } catch (error) {
      if (!(error instanceof ConflictError) && !(error instanceof PreconditionFailedError)) throw error;
      // Another submission took this number: back off a little so contenders spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
  throw new Error(`could not allocate a reference number for ${schoolId} after ${MAX_ATTEMPTS} attempts`);
}
