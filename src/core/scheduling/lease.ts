/**
 * Store-backed leases: one instance at a time runs a scheduled job. A lease is a document with an owner
 * and an expiry, taken with an etag-checked write; an expired lease may be taken over (an instance that
 * died mid-run), and every send the job makes is idempotent anyway, so a takeover never doubles one.
 */
import { ConflictError, type Doc, type DocumentStore, PreconditionFailedError } from '../../ports/document-store';

/** A scheduled job's lease: who holds it and until when, and when the job last finished. */
export interface Lease extends Doc {
  owner: string;
  expiresAt: string;
  /** When the job last finished a run (so missed runs are caught up after downtime). */
  lastRunAt?: string;
}

/** Leases are not any school's data: they live in a partition of their own. */
export const SYSTEM_PARTITION = '_system';

/** Takes the job's lease for `owner` until `now + ttlMs`, or undefined when another live instance holds it (or took it at the same moment). */
export async function acquireLease(store: DocumentStore, name: string, owner: string, now: Date, ttlMs: number): Promise<Lease | undefined> {
  const id = `lease:${name}`;
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const current = await store.get<Lease>('leases', SYSTEM_PARTITION, id);
  try {
    if (!current) return await store.create<Lease>('leases', { id, schoolId: SYSTEM_PARTITION, owner, expiresAt });
    if (current.owner !== owner && current.expiresAt > now.toISOString()) return undefined;
    const { _etag, ...doc } = current;
    return await store.replace<Lease>('leases', { ...doc, owner, expiresAt }, _etag);
  } catch (error) {
    if (error instanceof ConflictError || error instanceof PreconditionFailedError) return undefined;
    throw error;
  }
}

/** Ends a run: records when it finished (unless it did not run) and lets the lease go. */
export async function releaseLease(store: DocumentStore, lease: Lease, now: Date, options: { ran: boolean } = { ran: true }): Promise<void> {
  const current = await store.get<Lease>('leases', SYSTEM_PARTITION, lease.id);
  if (!current || current.owner !== lease.owner) return;
  const { _etag, ...doc } = current;
  const lastRunAt = options.ran ? now.toISOString() : doc.lastRunAt;
  await store.replace<Lease>('leases', { ...doc, expiresAt: now.toISOString(), ...(lastRunAt ? { lastRunAt } : {}) }, _etag).catch((error) => {
    if (!(error instanceof PreconditionFailedError)) throw error;
  });
}
