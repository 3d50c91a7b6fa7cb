import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicyPack } from '../../src/app/load-policy-pack';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import type { CoreDeps } from '../../src/core/deps';
import type { Clock } from '../../src/ports/clock';
import { randomIds } from '../../src/ports/ids';

export const shippedPack = loadPolicyPack('policy');

/** Core deps on a real embedded store in a fresh temp dir, with a settable clock. */
export async function tempDeps(start = new Date('2026-11-23T10:00:00Z')): Promise<{ deps: CoreDeps; clock: Clock & { set(d: Date): void; advance(ms: number): void }; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'esafety-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  let now = start;
  const clock = { now: () => now, set: (d: Date) => (now = d), advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  return {
    deps: { store, pack: shippedPack, clock, ids: randomIds },
    clock,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
