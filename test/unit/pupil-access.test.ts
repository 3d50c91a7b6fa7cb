/**
 * A subject access request about a child: the export holds the child's register entry, exactly the
 * incidents that link them (with their part), those incidents' evidence records and the child's
 * transfers, and nothing about another child's incidents; it is audited by id; a name shared by two
 * children is refused; and `erase --pupil` refuses and changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { CoreDeps } from '../../src/core/deps';
import { importPupils } from '../../src/core/pupils/import-pupils';
import { parsePupilsCsv } from '../../src/core/pupils/parse-pupils-csv';
import { type PupilLink, linkIdFor } from '../../src/core/pupils/pupil-link';
import { exportPupilData } from '../../src/core/rights/pupil-access';
import { randomIds } from '../../src/ports/ids';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { shippedPack, tempDeps } from '../builders/temp-store';

jest.setTimeout(120_000);

const SCHOOL = shippedPack.schools[0]?.id as string;
const CSV = 'UPN,Legal Forename,Legal Surname,Year,Reg\nA123456789012,Sam,Carter,5,5C\nB123456789012,Alex,Carter,6,6R\nC123456789012,Alex,Carter,3,3B\n';
const SAM = 'pupil:upn:A123456789012';
const ALEX = 'pupil:upn:B123456789012';

async function seed(deps: CoreDeps) {
  await importPupils(deps, SCHOOL, parsePupilsCsv(CSV, '2026-11-23'));
  const random = seeded(7);
  const at = new Date('2026-11-02T10:00:00Z');
  const incidents = [0, 1, 2].map((n) => generateIncident(shippedPack, SCHOOL, n, at, random));
  for (const i of incidents) await deps.store.create('incidents', i);
  const link = (incidentId: string, pupilId: string, part: PupilLink['part']): PupilLink => ({
    id: linkIdFor(incidentId, pupilId),
    schoolId: SCHOOL,
    incidentId,
    pupilId,
    part,
    linkedAt: at.toISOString(),
    linkedBy: { platform: 'teams', userId: 'u1', name: 'Alex Wilber' },
    history: [],
  });
  const [a, b, c] = incidents.map((i) => i.id) as [string, string, string];
  // Sam is in the first two; the other child in the second and third.
  for (const l of [link(a, SAM, 'harmed'), link(b, SAM, 'witness'), link(b, ALEX, 'instigator'), link(c, ALEX, 'harmed')]) await deps.store.create('links', l);
  await deps.store.create('evidence', { id: 'ev-1', schoolId: SCHOOL, incidentId: a, sha256: 'ab'.repeat(32) });
  await deps.store.create('evidence', { id: 'ev-2', schoolId: SCHOOL, incidentId: c, sha256: 'cd'.repeat(32) });
  await deps.store.create('transfers', { id: 'tr-1', schoolId: SCHOOL, pupilId: SAM });
  return { a, b, c };
}

describe('a subject access export about a child', () => {
  it('holds their register entry, exactly the incidents that link them with their part, those incidents’ evidence records and their transfer, and is audited by id', async () => {
    const env = await tempDeps();
    try {
      const { a, b, c } = await seed(env.deps);
      const result = await exportPupilData(env.deps, SCHOOL, 'A123456789012', 'DPO');
      expect(result.records.register.map((p) => p.id)).toEqual([SAM]);
      expect(result.records.incidents.map((i) => [i.record.id, i.link.part]).sort()).toEqual(
        [
          [a, 'harmed'],
          [b, 'witness'],
        ].sort(),
      );
      expect(result.records.incidents.map((i) => i.record.id)).not.toContain(c);
      expect(result.records.evidence.map((e) => e.id)).toEqual(['ev-1']);
      expect(result.records.transfers.map((t) => t.id)).toEqual(['tr-1']);
      expect(result.counts).toEqual({ register: 1, links: 2, incidents: 2, evidence: 1, transfers: 1 });
      const audit = await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'data.pupil-access-export' }] });
      expect(audit).toHaveLength(1);
      expect(audit[0]?.detail).toContain(SAM);
      expect(JSON.stringify(audit[0])).not.toMatch(/Sam|Carter/);
    } finally {
      await env.cleanup();
    }
  });

  it('finds the child by full name too, and refuses a name two children share, naming no one', async () => {
    const env = await tempDeps();
    try {
      await seed(env.deps);
      expect((await exportPupilData(env.deps, SCHOOL, 'sam carter', 'DPO')).records.register[0]?.id).toBe(SAM);
      await expect(exportPupilData(env.deps, SCHOOL, 'Alex Carter', 'DPO')).rejects.toThrow('2 pupils in the register have that name: give the UPN or MIS id instead.');
      await expect(exportPupilData(env.deps, SCHOOL, 'Nobody Here', 'DPO')).rejects.toThrow(/No pupil in the register/);
    } finally {
      await env.cleanup();
    }
  });
});

describe('npm run data -- erase --pupil', () => {
  it('refuses, says why, and deletes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esafety-pupil-erase-'));
    try {
      const store = await createEmbeddedStore({ dataDir: join(dir, 'data') });
      const env: CoreDeps = { store, pack: shippedPack, clock: { now: () => new Date('2026-11-23T10:00:00Z') }, ids: randomIds };
      await seed(env);
      await store.close();
      const r = spawnSync(
        process.execPath,
        [
          '--disable-warning=ExperimentalWarning',
          '-r',
          'ts-node/register/transpile-only',
          'scripts/data-rights.ts',
          'erase',
          '--school',
          SCHOOL,
          '--pupil',
          'A123456789012',
          '--operator',
          'DPO',
          '--confirm',
        ],
        { cwd: join(__dirname, '..', '..'), env: { ...process.env, STORE: 'embedded', DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' }, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("A child's safeguarding records are not erased on request");
      const after = await createEmbeddedStore({ dataDir: join(dir, 'data') });
      try {
        expect(await after.count('pupils', { schoolId: SCHOOL })).toBe(3);
        expect(await after.count('links', { schoolId: SCHOOL })).toBe(4);
        expect(await after.count('incidents', { schoolId: SCHOOL })).toBe(3);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
