/** Reference numbers such as `ES-2026-0042`: one sequence per school and year, unique under concurrency. */
import { ConflictError, NotFoundError, PreconditionFailedError, type Doc, type DocumentStore, type WriteOptions } from '../../ports/document-store';

interface Counter extends Doc {
  value: number;
  /** The last few numbers given out and to which report, so a report asking twice gets the same one. */
  recent?: Array<{ for: string; value: number }>;
}

/** Enough to cover every submission that could be racing at once, across instances. */
const RECENT_KEPT = 50;

const MAX_ATTEMPTS = 50;
// The number only matters once the incident that uses it is durably written, after this write.
const DRAFT: WriteOptions = { durability: 'draft' };

/** A reference such as `ES-2026-0042` from its prefix, year and number. */
export function formatReference(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(4, '0')}`;
}

/**
 * Submissions in this process take turns per counter and remember the counter's last etag, so they
 * neither race each other into retries nor wait to re-read it. The etag check still keeps numbers
 * unique across several instances sharing one store: a stale etag falls back to reading it again.
 * A number is given out for a report (its wizard id): the counter remembers its last few, so the
 * same report submitted twice at once on two instances gets one number and leaves no gap.
 * Limit: a crash can leave a gap in the sequence (a number taken by a report that was never saved).
 */
interface Turns {
  queue: Map<string, Promise<unknown>>;
  last: Map<string, { value: number; etag: string; recent: NonNullable<Counter['recent']> }>;
}
const turnsByStore = new WeakMap<DocumentStore, Turns>();

function turnsOf(store: DocumentStore): Turns {
  const turns = turnsByStore.get(store) ?? { queue: new Map(), last: new Map() };
  turnsByStore.set(store, turns);
  return turns;
}

function inTurn<T>(turns: Turns, key: string, work: () => Promise<T>): Promise<T> {
  const mine = (turns.queue.get(key) ?? Promise.resolve()).then(work, work);
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  turns.queue.set(key, settled);
  void settled.then(() => {
    if (turns.queue.get(key) === settled) turns.queue.delete(key);
  });
  return mine;
}

/**
 * Takes the next number for the report `forId` with an etag-checked increment; retries when another
 * writer got there first, and returns the number already given if that writer was serving this report.
 */
export function allocateReference(store: DocumentStore, schoolId: string, prefix: string, year: number, forId: string): Promise<string> {
  const turns = turnsOf(store);
  const key = `${schoolId}/${prefix}-${year}`;
  return inTurn(turns, key, async () => {
    const value = await incrementCounter(store, turns, key, schoolId, `reference-${prefix}-${year}`, forId);
    return formatReference(prefix, year, value);
  });
}

async function incrementCounter(store: DocumentStore, turns: Turns, key: string, schoolId: string, id: string, forId: string): Promise<number> {
  const next = (value: number, recent: NonNullable<Counter['recent']>): Counter => ({ id, schoolId, value: value + 1, recent: [...recent, { for: forId, value: value + 1 }].slice(-RECENT_KEPT) });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const known = turns.last.get(key);
    try {
      const current = known ? undefined : await store.get<Counter>('counters', schoolId, id);
      const state = known ?? (current ? { value: current.value, etag: current._etag, recent: current.recent ?? [] } : undefined);
      const given = state?.recent.find((r) => r.for === forId);
      if (given) return given.value;
      const saved = state ? await store.replace<Counter>('counters', next(state.value, state.recent), state.etag, DRAFT) : await store.create<Counter>('counters', next(0, []), DRAFT);
      turns.last.set(key, { value: saved.value, etag: saved._etag, recent: saved.recent ?? [] });
      return saved.value;
    } catch (error) {
      const raced = error instanceof ConflictError || error instanceof PreconditionFailedError || error instanceof NotFoundError;
      if (!raced) throw error;
      // Another instance took this number: forget what we knew, back off a little and read again.
      turns.last.delete(key);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
  throw new Error(`could not allocate a reference number for ${schoolId} after ${MAX_ATTEMPTS} attempts`);
}
