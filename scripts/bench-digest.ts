/**
 * `digest` for `npm run bench`: every school's weekly digest and the trust view, built and put into
 * words from 100,000 incidents across 50 schools on the embedded store (`scripts/bench-incidents.ts`),
 * timed in a fresh process, so each round starts as a bot's Monday does: code not yet optimised, the
 * store just opened. Before timing, one count over the incidents stands for the bot's own background
 * queries (the urgent check runs every 30 s). Prints one JSON line.
 *
 *   bench-digest.ts --seed <dir>   write the incidents into a new store in <dir> (once per benchmark run)
 *   bench-digest.ts --time <dir>   time one build on the store in <dir> (read only: rounds can share it)
 *   bench-digest.ts                both, in a temporary folder
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { describeDigest, describeTrustDigest } from '../src/core/digest/digest-view';
import { trustDigest } from '../src/core/digest/read-digest';
import { randomIds } from '../src/ports/ids';
import { DIGEST_NOW, INCIDENTS, SCHOOLS, benchPack, seedIncidents } from './bench-incidents';

const pack = () => benchPack(loadPolicyPack('policy'));

async function seed(dataDir: string): Promise<{ incidents: number; schools: number; seed_ms: number }> {
  const started = Date.now();
  const store = await createEmbeddedStore({ dataDir });
  await seedIncidents(store, pack());
  const count = await store.count('incidents', {});
  await store.close();
  if (count !== INCIDENTS) throw new Error(`digest: seeded ${count} incidents, not ${INCIDENTS}`);
  return { incidents: INCIDENTS, schools: SCHOOLS, seed_ms: Date.now() - started };
}

async function time(dataDir: string): Promise<{ incidents: number; schools: number; ms: number }> {
  const store = await createEmbeddedStore({ dataDir });
  const trust = pack();
  try {
    await store.count('incidents', { where: [{ field: 'status', op: '=', value: 'reported' }] });
    const deps = { store, pack: trust, clock: { now: () => DIGEST_NOW }, ids: randomIds };
    const started = process.hrtime.bigint();
    const digests = await trustDigest(deps, DIGEST_NOW);
    digests.map(describeDigest);
    describeTrustDigest(trust.trust.name, digests);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const week = digests.reduce((n, d) => n + d.total, 0);
    process.stderr.write(`digest: ${digests.length} school digests and the trust view; ${week} incidents in the week, ${digests.reduce((n, d) => n + d.open.length, 0)} open\n`);
    if (digests.length !== SCHOOLS || week === 0) throw new Error('digest: unexpected figures');
    return { incidents: INCIDENTS, schools: SCHOOLS, ms: Math.round(ms) };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (mode === '--seed' && dir) return void process.stdout.write(`${JSON.stringify(await seed(dir))}\n`);
  if (mode === '--time' && dir) return void process.stdout.write(`${JSON.stringify(await time(dir))}\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-digest-'));
  try {
    await seed(dataDir);
    process.stdout.write(`${JSON.stringify(await time(dataDir))}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench-digest failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
