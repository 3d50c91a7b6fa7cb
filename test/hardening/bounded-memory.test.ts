/**
 * Per-identity state in memory is bounded: 20,000 distinct identities starting reports (or 20,000
 * conversations being sent to) do not grow the limiter past its cap, and the limit still holds for
 * whoever is flooding.
 */
import { MAX_BUCKET_KEYS, TokenBuckets } from '../../src/core/delivery/token-bucket';
import { reportStartGate } from '../../src/core/wizard/report-rate-limit';

it('20,000 distinct identities keep the limiter at its cap', () => {
  let t = 0;
  const buckets = new TokenBuckets(5, 20 / 3600, () => t);
  for (let i = 0; i < 20_000; i++) {
    buckets.take(`teams:forged-${i}`);
    t += 1;
  }
  expect(buckets.size).toBeLessThanOrEqual(MAX_BUCKET_KEYS);
});

it('the person flooding is still limited while others come and go', () => {
  let t = 0;
  const gate = reportStartGate({ burst: 5, perHour: 20 }, () => t);
  const flooder = { platform: 'teams' as const, userId: 'aad-flooder' };
  for (let i = 0; i < 5; i++) gate(flooder);
  for (let i = 0; i < 20_000; i++) {
    gate({ platform: 'teams', userId: `aad-${i}` });
    if (i % 100 === 0) expect(() => gate(flooder)).toThrow(/paused new ones/);
    t += 1;
  }
});

it('a bucket that has refilled is dropped before one still limiting someone', () => {
  let t = 0;
  const buckets = new TokenBuckets(1, 1, () => t, 3);
  buckets.take('limited');
  t += 10_000; // 'a' and 'b' below are taken after; 'limited' has long refilled, so it may go
  buckets.take('a');
  buckets.take('b');
  expect(buckets.take('b')).toBeGreaterThan(0);
  buckets.take('c');
  // 'limited' (refilled) was dropped, not 'b' (still empty): 'b' must still wait.
  expect(buckets.size).toBe(3);
  expect(buckets.take('b')).toBeGreaterThan(0);
});
