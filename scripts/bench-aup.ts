/**
 * `aup_sweep` for `npm run bench`: one AUP reminder sweep over 10,000 people on the embedded store, timed
 * in a process of its own (run by scripts/bench.ts, or alone: `ts-node scripts/bench-aup.ts`). The register
 * is built first: 90% have signed at dates spread over the past year, so a realistic share is coming due,
 * due or overdue; the sweep runs at 10:00 on a school day. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import type { Signature } from '../src/core/aup/aup-records';
import type { Person } from '../src/core/people/person-record';
import { signatureId } from '../src/core/aup/aup-records';
import { sweepAupReminders } from '../src/core/aup/sweep-reminders';
import { randomIds } from '../src/ports/ids';

const PEOPLE = 10_000;
const NOW = new Date('2026-11-23T10:00:00Z');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-aup-'));
  const store = await createEmbeddedStore({ dataDir });
  const pack = loadPolicyPack('policy');
  const school = pack.schools[0]!.id;
  const writes: Array<Promise<unknown>> = [];
  for (let i = 0; i < PEOPLE; i++) {
    const id = `teams:bench-${i}`;
    const firstSeenAt = new Date(NOW.getTime() - (400 + (i % 300)) * 86_400_000).toISOString();
    writes.push(
      store.create<Person>(
        'people',
        { id, schoolId: school, name: `Person ${i}`, audience: 'staff', status: i % 50 === 0 ? 'left' : 'active', platform: 'teams', userId: `bench-${i}`, firstSeenAt, source: 'teams' },
        { durability: 'draft' },
      ),
    );
    if (i % 10 !== 0) {
      const signedAt = new Date(NOW.getTime() - ((i * 37) % 365) * 86_400_000).toISOString();
      const sig: Signature = {
        id: signatureId(id, 'staff-aup', '2026.1', signedAt.slice(0, 10)),
        schoolId: school,
        personId: id,
        personName: `Person ${i}`,
        documentId: 'staff-aup',
        audience: 'staff',
        version: '2026.1',
        textHash: 'x',
        signedAt,
        channel: 'teams',
        platformUserId: `bench-${i}`,
      };
      writes.push(store.create<Signature>('signatures', sig, { durability: 'draft' }));
    }
  }
  await Promise.all(writes);
  global.gc?.();
  const deps = { store, pack, clock: { now: () => NOW }, ids: randomIds };
  const started = process.hrtime.bigint();
  const result = await sweepAupReminders(deps, NOW);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  process.stderr.write(`aup_sweep: ${JSON.stringify(result)}\n`);
  if (result.people !== PEOPLE - PEOPLE / 50) throw new Error(`aup_sweep: swept ${result.people} people`);
  if (result.reminders === 0) throw new Error('aup_sweep: no reminders: the register is not realistic');
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ people: PEOPLE, ms: Math.round(ms), rss_mb: Math.round(rss) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench-aup failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
