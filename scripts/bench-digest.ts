/**
 * `digest` for `npm run bench`: every school's weekly digest and the trust view, built from 100,000
 * incidents across 50 schools on the embedded store, in a process of its own. Incidents are spread over
 * the past year; anything older than 30 days is closed, as a school's would be. Before timing, one count
 * over the incidents stands for the bot's own background queries (the urgent check runs every 30 s), so
 * the store's documents are as a running bot holds them. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../src/adapters/embedded/embedded-store';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { describeDigest, describeTrustDigest } from '../src/core/digest/digest-view';
import { trustDigest } from '../src/core/digest/read-digest';
import type { PolicyPack } from '../src/core/policy/schema';
import { randomIds } from '../src/ports/ids';
import { generateIncident, seeded } from '../test/builders/incident-fixtures';

const INCIDENTS = 100_000;
const SCHOOLS = 50;
const NOW = new Date('2026-11-23T08:00:00Z');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-bench-digest-'));
  const store = await createEmbeddedStore({ dataDir });
  const shipped = loadPolicyPack('policy');
  const template = shipped.schools[0]!;
  const pack: PolicyPack = { ...shipped, schools: Array.from({ length: SCHOOLS }, (_, i) => ({ ...template, id: `school-${i + 1}`, name: `School ${i + 1}` })) };
  const random = seeded(11);
  const writes: Array<Promise<unknown>> = [];
  for (let n = 0; n < INCIDENTS; n++) {
    const school = pack.schools[n % SCHOOLS]!;
    const incident = generateIncident(pack, school.id, n, new Date(NOW.getTime() - Math.floor(random() * 365 * 86_400_000)), random);
    const old = Date.parse(incident.reportedAt) < NOW.getTime() - 30 * 86_400_000;
    writes.push(store.create('incidents', old ? { ...incident, status: 'closed', closedAt: incident.closedAt ?? incident.reportedAt } : incident, { durability: 'draft' }));
  }
  await Promise.all(writes);
  await store.count('incidents', { where: [{ field: 'status', op: '=', value: 'reported' }] });
  const deps = { store, pack, clock: { now: () => NOW }, ids: randomIds };
  const started = process.hrtime.bigint();
  const digests = await trustDigest(deps, NOW);
  digests.map(describeDigest);
  describeTrustDigest(pack.trust.name, digests);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const week = digests.reduce((n, d) => n + d.total, 0);
  process.stderr.write(`digest: ${digests.length} school digests and the trust view; ${week} incidents in the week, ${digests.reduce((n, d) => n + d.open.length, 0)} open\n`);
  if (digests.length !== SCHOOLS || week === 0) throw new Error('digest: unexpected figures');
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ incidents: INCIDENTS, schools: SCHOOLS, ms: Math.round(ms) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench-digest failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
