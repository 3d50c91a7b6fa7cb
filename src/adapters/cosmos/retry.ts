/**
 * Retry with exponential backoff and jitter for Cosmos DB calls. The SDK retries 429 itself
 * (configured in cosmos-store.ts); this outer wrapper covers 503, timeouts and dropped connections,
 * and a 429 that outlasted the SDK's own budget.
 */

/** Whether the operation may safely be sent twice. Writes are never retried after an ambiguous failure. */
export type OperationKind = 'read' | 'write';

export interface RetryPolicy {
  /** Total attempts including the first; at least 1. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time, before jitter. */
  baseDelayMs: number;
  /** Ceiling for one computed backoff (a server hint may exceed it, up to `maxTotalDelayMs`). */
  maxDelayMs: number;
  /** Give up rather than wait beyond this in total. */
  maxTotalDelayMs: number;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1). */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxTotalDelayMs: 20_000,
};

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Statuses where Cosmos did not apply the request, so a write may be resent. */
const RETRYABLE_STATUSES = new Set([429, 503]);
/** Failures where the request may or may not have been applied: only reads are resent. */
const AMBIGUOUS_STATUSES = new Set([408]);
/** The connection failed before the request could have been sent. */
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** The connection failed part-way; the server may have applied the request. */
const AMBIGUOUS_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ENETUNREACH', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR', 'TimeoutError']);

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

/** True when `err` is transient and retrying an operation of this kind cannot apply it twice. */
export function isRetryable(err: unknown, kind: OperationKind): boolean {
  const code = errorCode(err);
  if (typeof code === 'number') {
    return RETRYABLE_STATUSES.has(code) || (kind === 'read' && AMBIGUOUS_STATUSES.has(code));
  }
  if (typeof code === 'string') {
    return UNSENT_NETWORK_CODES.has(code) || (kind === 'read' && AMBIGUOUS_NETWORK_CODES.has(code));
  }
  return false;
}

/** The server's retry hint in ms (`retryAfterInMs` or the `x-ms-retry-after-ms` header), if any. */
export function retryAfterHintMs(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { retryAfterInMs, headers } = err as { retryAfterInMs?: unknown; headers?: Record<string, unknown> };
  const raw = retryAfterInMs ?? headers?.['x-ms-retry-after-ms'];
  const ms = typeof raw === 'string' ? Number.parseInt(raw, 10) : raw;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Delay before retry number `retry` (1-based): "equal jitter" — half the capped exponential
 * backoff plus a random share of the other half, so instances that failed together spread out.
 * A server hint is a floor: we never come back sooner than Cosmos asked.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number, hintMs?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return Math.max(jittered, hintMs ?? 0);
}

/** Runs `op`, retrying transient failures per `policy`; rethrows the last error when out of budget. */
export async function withRetry<T>(op: () => Promise<T>, kind: OperationKind, policy: RetryPolicy = DEFAULT_RETRY_POLICY, deps: RetryDeps = realRetryDeps): Promise<T> {
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= policy.maxAttempts || !isRetryable(err, kind)) throw err;
      const delay = backoffDelayMs(attempt, policy, deps.random, retryAfterHintMs(err));
      if (waited + delay > policy.maxTotalDelayMs) throw err;
      waited += delay;
      await deps.sleep(delay);
    }
  }
}
