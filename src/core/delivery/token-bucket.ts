/**
 * Per-key rate limiting (a token bucket per conversation, plus one per tenant), so the bot keeps within
 * the platform's published limits instead of waiting to be told off with a 429. The number of keys
 * kept is bounded: a bucket that has refilled is the same as none and goes first, then the least
 * recently used, so a flood of distinct identities cannot grow memory without end.
 */
export const MAX_BUCKET_KEYS = 10_000;

/** Token buckets by key (`capacity` tokens, refilled at `perSecond`), holding at most `maxKeys` keys in memory. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_BUCKET_KEYS,
  ) {}

  /** How many keys are held (for tests and the benchmark). */
  get size(): number {
    return this.buckets.size;
  }

  private evict(t: number): void {
    for (const [key, b] of this.buckets) {
      if (this.buckets.size < this.maxKeys) return;
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    }
    // Still full: the least recently used go (Map order is use order, since `take` re-inserts).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) return;
      this.buckets.delete(key);
    }
  }

  /** Milliseconds to wait before a send under `key` is allowed; takes the token when it returns 0. */
  take(key: string): number {
    const t = this.now();
    const known = this.buckets.get(key);
    if (known) this.buckets.delete(key);
    else if (this.buckets.size >= this.maxKeys) this.evict(t);
    const bucket = known ?? { tokens: this.capacity, at: t };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }
}
