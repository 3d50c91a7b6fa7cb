/**
 * Delivers queued messages: claims each due message with an etag-checked write (so only one instance
 * sends it), hands it to the platform deliverer, then marks it sent or schedules a retry with backoff.
 * Nothing is ever dropped: a message that cannot be delivered yet stays pending and is tried again.
 * A few messages are in flight at once, each in a lane of its own (an incident's messages, or one
 * recipient's, go one after another in the order they came due). Limit: a crash between a platform's send and the "sent" write can repeat that one message.
 */
import { PreconditionFailedError, type DocumentStore, type Stored } from '../../ports/document-store';
import type { Clock } from '../../ports/clock';
import type { OutboxMessage, Recipient, UnreachableReason } from './outbox';

/** What a platform's deliverer says of one attempt. */
export type DeliveryResult =
  /** The platform acknowledged it; `messageId` is its id for the post, when it gave one. */
  | { kind: 'sent'; messageId?: string }
  /** Try again later: a rate limit or a 5xx. */
  | { kind: 'retry'; reason: string; afterMs?: number }
  /** No way to reach the recipient now (no address, no channel, or the platform refused); tried again later. */
  | { kind: 'unreachable'; reason: UnreachableReason; detail?: string };

/** A chat platform's sender. */
export interface Deliverer {
  deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult>;
}

/** How one dispatch pass runs: which instance claims messages, how many and for how long, and what follows each attempt. */
export interface DispatchOptions {
  instanceId: string;
  /** How many due messages to take per pass. */
  batch?: number;
  /** How long a claim lasts before another instance may take the message over. */
  claimMs?: number;
  /** Called after each attempt with the message as saved (core follows up undelivered incident messages). */
  afterEach?: (message: Stored<OutboxMessage>) => Promise<void>;
  /** Asked before each message is claimed: true ends the pass there (a stop), leaving the rest pending. */
  shouldStop?: () => boolean;
  /** How many messages may be in flight at once, each to a different recipient and incident (default 4). */
  lanes?: number;
}

/** How often someone unreachable is tried again, and for how long before the bot stops (they are named as not reached). */
const UNREACHABLE_RETRY_MS = 15 * 60 * 1000;
const UNREACHABLE_GIVE_UP_MS = 14 * 24 * 3600 * 1000;

const MAX_BACKOFF_MS = 15 * 60 * 1000;

/** Messages in flight at once in one pass, so one slow recipient does not hold up the others. */
const LANES = 4;

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

/**
 * One pass over due messages, a few at a time (see `lanes`). Returns how many were sent and how many
 * will be retried. With `shouldStop`, a pass can end early: nothing is claimed after that, so nothing
 * is left half done. Each claim lasts `claimMs` from when it is made.
 */
export async function dispatchOutbox(store: DocumentStore, clock: Clock, deliverer: Deliverer, options: DispatchOptions): Promise<{ sent: number; retried: number }> {
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
  let failure: unknown;
  const stopping = () => failure !== undefined || Boolean(options.shouldStop?.());
  const attempt = async (candidate: Stored<OutboxMessage>) => {
    const claimed = await claim(store, candidate, options.instanceId, new Date(clock.now().getTime() + (options.claimMs ?? 60_000)).toISOString());
    if (!claimed) return;
    let result: DeliveryResult;
    try {
      result = await deliverer.deliver(claimed);
    } catch (error) {
      result = { kind: 'retry', reason: (error as Error).message.slice(0, 200) };
    }
    const { _etag, ...doc } = claimed;
    const next = afterAttempt(doc, result, clock.now());
    const saved = await store.replace<OutboxMessage>('outbox', next, _etag);
    if (result.kind === 'sent') sent++;
    else retried++;
    await options.afterEach?.(saved);
  };
  // Lanes side by side, each in due order: a recipient slow to answer holds up only its own lane.
  const lanes = [...lanesOf([...abandoned, ...due]).values()];
  let nextLane = 0;
  const worker = async () => {
    for (let lane = lanes[nextLane++]; lane; lane = lanes[nextLane++]) {
      for (const candidate of lane) {
        if (stopping()) return;
        await attempt(candidate).catch((error: unknown) => {
          failure ??= error;
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.lanes ?? LANES, lanes.length) }, worker));
  if (failure !== undefined) throw failure;
  return { sent, retried };
}

/**
 * Messages about one incident share a lane (they are sent in order, and what follows each reads the
 * others); so do messages to one recipient. Lanes are in the order their first message came due.
 */
function lanesOf(messages: Array<Stored<OutboxMessage>>): Map<string, Array<Stored<OutboxMessage>>> {
  const lanes = new Map<string, Array<Stored<OutboxMessage>>>();
  for (const m of messages) {
    const key = m.incidentId ? `incident:${m.schoolId}:${m.incidentId}` : `to:${m.schoolId}:${recipientKey(m.to)}`;
    lanes.set(key, [...(lanes.get(key) ?? []), m]);
  }
  return lanes;
}

function recipientKey(to: Recipient): string {
  if (to.kind === 'role') return `role:${to.role}`;
  if (to.kind === 'holder') return `holder:${to.holder.key}`;
  if (to.kind === 'person') return `person:${to.person.platform}:${to.person.userId}`;
  return to.kind;
}

/** The message after one attempt: sent with the platform's id, retried with backoff, or marked unreachable. */
function afterAttempt(doc: OutboxMessage, result: DeliveryResult, done: Date): OutboxMessage {
  const attempts = doc.attempts + 1;
  const { claimedBy: _by, claimedUntil: _until, ...rest } = doc;
  if (result.kind === 'sent') {
    const { unreachable: _u, ...clean } = rest;
    return { ...clean, status: 'sent', sentAt: done.toISOString(), attempts, ...(result.messageId && { platformMessageId: result.messageId }) };
  }
  if (result.kind === 'retry') {
    return { ...rest, status: 'pending', attempts, lastError: result.reason, dueAt: new Date(done.getTime() + Math.max(result.afterMs ?? 0, backoffMs(doc.attempts))).toISOString() };
  }
  const unreachable = { reason: result.reason, ...(result.detail && { detail: result.detail.slice(0, 200) }), at: doc.unreachable?.at ?? done.toISOString() };
  // A channel that is not registered is followed up at once in core (the team are messaged directly), so it is not tried again.
  const givingUp = result.reason === 'no-channel' || done.getTime() - Date.parse(doc.createdAt) > UNREACHABLE_GIVE_UP_MS;
  return {
    ...rest,
    status: givingUp ? 'unreachable' : 'pending',
    attempts,
    lastError: result.reason,
    unreachable,
    dueAt: new Date(done.getTime() + UNREACHABLE_RETRY_MS).toISOString(),
  };
}
