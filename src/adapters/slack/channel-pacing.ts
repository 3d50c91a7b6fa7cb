/**
 * About one `chat.postMessage` a second per channel (Slack's published limit, with short bursts), for at
 * most `max` channels at once: the channel used least recently is forgotten first. Forgetting costs
 * nothing a second after a channel's last post (its bucket is full again by then), so a bot that writes
 * to thousands of people keeps a bounded map.
 */
import { TokenBuckets } from '../../core/delivery/token-bucket';

export const MAX_PACED_CHANNELS = 5_000;

export class ChannelPacing {
  private readonly buckets = new Map<string, TokenBuckets>();

  constructor(
    private readonly max = MAX_PACED_CHANNELS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before posting to `channel`; takes its turn when it returns 0. */
  take(channel: string): number {
    const bucket = this.buckets.get(channel) ?? new TokenBuckets(1, 1, this.now);
    // Re-inserted so the Map's order is least recently used first.
    this.buckets.delete(channel);
    this.buckets.set(channel, bucket);
    while (this.buckets.size > this.max) this.buckets.delete(this.buckets.keys().next().value as string);
    return bucket.take(channel);
  }

  /** How many channels are remembered. */
  get size(): number {
    return this.buckets.size;
  }
}
