/**
 * Delivers queued messages: claims each due message with an etag-checked write (so only one instance
 * sends it), hands it to the platform deliverer, then marks it sent or schedules a retry with backoff.
 * Nothing is ever dropped: a message that cannot be delivered yet stays pending and is tried again.
 * Limit: a crash between a platform's send and the "sent" write can repeat that one message.
 */
import { PreconditionFailedError, type DocumentStore, type Stored } from '../../ports/document-store';
import type { Clock } from '../../ports/clock';
import type { OutboxMessage } from './outbox';

export type DeliveryResult =
  | { kind: 'sent' }
  /** Try again later: a rate limit, a 5xx, or a recipient the bot cannot reach yet. */
  | { kind: 'retry'; reason: string; afterMs?: number };

/** A chat platform's sender. */
export interface Deliverer {
  deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult>;
}

export interface DispatchOptions {
  instanceId: string;
  /** How many due messages to take per pass. */
  batch?: number;
  /** How long a claim lasts before another instance may take the message over. */
  claimMs?: number;
}

const MAX_BACKOFF_MS = 15 * 60 * 1000;

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 15 minutes. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(attempts, 20));
  return Math.round(base / 2 + random() * (base / 2));
}

async function claim(store: DocumentStore, message: Stored<OutboxMessage>, instanceId: string, until: string): Promise<Stored<OutboxMessage> | undefined> {
  const { _etag, ...doc } = message;
  try {
    return await store.replace<OutboxMessage>('outbox', { ...doc, status: 'sending', claimedBy: instanceId, claimedUntil: until }, _etag);
  } catch (error) {
    if (error instanceof PreconditionFailedError) return undefined;
    throw error;
  }
}

/** One pass over due messages. Returns how many were sent and how many will be retried. */
export async function dispatchOutbox(
  store: DocumentStore,
  clock: Clock,
  deliverer: Deliverer,
  options: DispatchOptions,
): Promise<{ sent: number; retried: number }> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const batch = options.batch ?? 50;
  const due = await store.query<OutboxMessage>('outbox', {
    where: [
      { field: 'status', op: '=', value: 'pending' },
      { field: 'dueAt', op: '<=', value: nowIso },
    ],
    orderBy: { field: 'dueAt', direction: 'asc' },
    limit: batch,
  });
  const abandoned = await store.query<OutboxMessage>('outbox', {
    where: [
      { field: 'status', op: '=', value: 'sending' },
      { field: 'claimedUntil', op: '<', value: nowIso },
    ],
    limit: batch,
  });
  let sent = 0;
  let retried = 0;
  const until = new Date(now.getTime() + (options.claimMs ?? 60_000)).toISOString();
  for (const candidate of [...abandoned, ...due]) {
    const claimed = await claim(store, candidate, options.instanceId, until);
    if (!claimed) continue;
    let result: DeliveryResult;
    try {
      result = await deliverer.deliver(claimed);
    } catch (error) {
      result = { kind: 'retry', reason: (error as Error).message.slice(0, 200) };
    }
    const { _etag, ...doc } = claimed;
    const done = clock.now();
    const next: OutboxMessage =
      result.kind === 'sent'
        ? { ...doc, status: 'sent', sentAt: done.toISOString(), attempts: doc.attempts + 1 }
        : {
            ...doc,
            status: 'pending',
            attempts: doc.attempts + 1,
            lastError: result.reason,
            dueAt: new Date(done.getTime() + Math.max(result.afterMs ?? 0, backoffMs(doc.attempts))).toISOString(),
          };
    await store.replace<OutboxMessage>('outbox', next, _etag);
    if (result.kind === 'sent') sent++;
    else retried++;
  }
  return { sent, retried };
}
