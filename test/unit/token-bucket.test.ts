import { TokenBuckets } from '../../src/core/delivery/token-bucket';

describe('TokenBuckets (Teams: 7 a second per conversation)', () => {
  it('allows a burst up to capacity, then asks to wait, and refills with time', () => {
    let t = 0;
    const buckets = new TokenBuckets(7, 2, () => t);
    const waits = Array.from({ length: 8 }, () => buckets.take('conv-1'));
    expect(waits.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(waits[7]).toBe(500);
    expect(buckets.take('conv-2')).toBe(0); // another conversation has its own bucket
    t += 500;
    expect(buckets.take('conv-1')).toBe(0);
  });
});
