/**
 * Subject access and erasure: everything held about a named person is found under every id they have,
 * nobody else's records come with it, each request is audited, erasure deletes only what a school may
 * delete (never incidents or the audit trail), and the `npm run data` command does the same on a store.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { actOnIncident } from '../../src/core/incidents/act-on-incident';
import { notePerson } from '../../src/core/aup/register-people';
import { readAupStatus, signAup } from '../../src/core/aup/sign-aup';
import { startReport } from '../../src/core/incidents/report-wizard';
import type { CoreDeps } from '../../src/core/deps';
import type { Actor } from '../../src/core/people/actor';
import { erasePerson } from '../../src/core/rights/erase-person';
import { exportPersonData } from '../../src/core/rights/subject-access';
import { randomIds } from '../../src/ports/ids';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { shippedPack } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

const SCHOOL = 'oakfield-primary';
const sam: Actor = { platform: 'teams', userId: 't-sam', name: 'Sam Teacher' };
const kim: Actor = { platform: 'teams', userId: 't-kim', name: 'Kim Other' };
const dsl: Actor = { platform: 'teams', userId: 'x', name: 'Alex Wilber', email: 'alexw@example.com' };

let dir: string;
let deps: CoreDeps;
let samsIncident: string;
let mentionsSam: string;
let kimsIncident: string;

async function seed(d: CoreDeps): Promise<void> {
  for (const who of [sam, kim]) {
    await notePerson(d, { schoolId: SCHOOL, platform: 'teams', userId: who.userId, name: who.name });
    const status = await readAupStatus(d, who);
    await signAup(d, who, { documentId: status!.document.id, version: status!.version.version });
  }
  const reported = await walkReport(d, 'filtering-breach', { actor: sam });
  if (reported.outcome.kind !== 'submitted') throw new Error('not submitted');
  samsIncident = reported.outcome.incident.id;
  await actOnIncident(d, dsl, { schoolId: SCHOOL, incidentId: samsIncident, action: 'acknowledge' });
  const kims = await walkReport(d, 'online-bullying-of-pupil', { actor: kim });
  if (kims.outcome.kind !== 'submitted') throw new Error('not submitted');
  kimsIncident = kims.outcome.incident.id;
  // Someone else's report that names Sam in what was written.
  const other = generateIncident(d.pack, SCHOOL, 99, new Date('2026-11-02T09:00:00Z'), seeded(1));
  mentionsSam = other.id;
  await d.store.create('incidents', { ...other, details: { ...other.details, description: 'Sam Teacher saw the screen first and locked the laptop.' } });
  await startReport(d, sam); // an unsent draft
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esafety-rights-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  deps = { store, pack: shippedPack, clock: { now: () => new Date('2026-11-23T10:00:00Z') }, ids: randomIds };
  await seed(deps);
});

afterEach(async () => {
  await deps.store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

it("exports everything held about a named person, under every id, and nobody else's", async () => {
  const result = await exportPersonData(deps, SCHOOL, 'sam teacher', 'Jo Bloggs (DPO)');
  expect(result.knownAs.chatIds).toContain('teams:t-sam');
  expect(result.knownAs.names).toEqual(['Sam Teacher']);
  expect(result.knownAs.registerIds).toEqual(['teams:t-sam']);
  expect(result.counts).toMatchObject({ register: 1, signatures: 1, incidents: 2 });
  expect(result.records.incidents.map((i) => [i.record.id, i.why]).sort()).toEqual(
    [
      [samsIncident, ['reported']],
      [mentionsSam, ['named-in-text']],
    ].sort(),
  );
  expect(result.counts.drafts).toBe(2); // the report sent, and the draft left open
  expect(result.counts.audit).toBeGreaterThan(0);
  expect(result.records.audit.every((a) => (a.actor as { userId: string }).userId === 't-sam')).toBe(true);
  expect(result.records.messages.some((m) => m.message === 'report-receipt')).toBe(true);
  const json = JSON.stringify(result);
  expect(json).not.toContain('t-kim');
  expect(json).not.toContain(kimsIncident);
  expect(json).not.toContain('_etag');
  expect(result.notes[0]).toMatch(/Review before disclosure/);

  // The DSL who acknowledged Sam's report finds it as something they acted on.
  const alex = await exportPersonData(deps, SCHOOL, 'Alex Wilber', 'Jo Bloggs (DPO)');
  expect(alex.records.incidents.find((i) => i.record.id === samsIncident)?.why).toEqual(['acted-on']);

  // The same person asked for by chat id gives the same records.
  const byId = await exportPersonData(deps, SCHOOL, 'teams:t-sam', 'Jo Bloggs (DPO)');
  expect(byId.counts).toEqual(result.counts);

  const audit = await deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'data.subject-access-export' }] });
  expect(audit).toHaveLength(3);
  expect(audit[0]?.actor.name).toBe('Data protection: Jo Bloggs (DPO)');
  expect(audit[0]?.detail).toMatch(/^register ids teams:t-sam; register 1, signatures 1, incidents 2/);
});

it('plans an erasure without deleting, then erases only what a school may delete, and says what it kept', async () => {
  const before = await exportPersonData(deps, SCHOOL, 'Sam Teacher', 'DPO');
  const plan = await erasePerson(deps, SCHOOL, 'Sam Teacher', 'DPO', { confirm: false });
  expect(plan.confirmed).toBe(false);
  expect(plan.erased).toMatchObject({ register: 1, signatures: 1, drafts: 2 });
  expect((await exportPersonData(deps, SCHOOL, 'Sam Teacher', 'DPO')).counts).toEqual(before.counts);

  const done = await erasePerson(deps, SCHOOL, 'Sam Teacher', 'DPO', { confirm: true });
  expect(done.erased).toEqual(plan.erased);
  expect(done.kept.find((k) => k.what === 'incidents')).toMatchObject({ count: 2, why: expect.stringMatching(/safeguarding records/) });
  const after = await exportPersonData(deps, SCHOOL, 'Sam Teacher', 'DPO');
  expect(after.counts).toMatchObject({ register: 0, signatures: 0, drafts: 0, incidents: 2 });
  expect(after.counts.audit).toBe(before.counts.audit);
  // Kim is untouched.
  expect((await exportPersonData(deps, SCHOOL, 'Kim Other', 'DPO')).counts).toMatchObject({ register: 1, signatures: 1, incidents: 1 });
  const audit = await deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL });
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['data.erasure-planned', 'data.erased']));
});

it('warns when the person is still named in the policy pack, and when nothing is found', async () => {
  const alex = await erasePerson(deps, SCHOOL, 'Alex Wilber', 'DPO', { confirm: false });
  expect(alex.warnings.join(' ')).toMatch(/pack.yaml still names them \(.*dsl/);
  const nobody = await erasePerson(deps, SCHOOL, 'No Such Person', 'DPO', { confirm: true });
  expect(Object.values(nobody.erased).every((n) => n === 0)).toBe(true);
  expect(nobody.warnings.join(' ')).toMatch(/Nothing was found for "No Such Person"/);
});

describe('npm run data', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/data-rights.ts', ...args], {
      env: { ...process.env, STORE: 'embedded', DATA_DIR: dir, NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('writes the export to a file only its owner can read, erases on --confirm, and explains bad usage', async () => {
    await deps.store.close(); // the embedded store serves one process at a time
    const out = join(dir, 'sar.json');
    const exported = run(['export', '--school', SCHOOL, '--person', 'Sam Teacher', '--operator', 'Jo Bloggs', '--out', out]);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/Written to .*sar.json \(readable by you only\): register 1, signatures 1, incidents 2/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).records.register[0].name).toBe('Sam Teacher');

    const planned = run(['erase', '--school', SCHOOL, '--person', 'Sam Teacher', '--operator', 'Jo Bloggs']);
    expect(planned.stdout).toMatch(/Would erase \(run again with --confirm/);
    const erased = run(['erase', '--school', SCHOOL, '--person', 'Sam Teacher', '--operator', 'Jo Bloggs', '--confirm']);
    expect(erased.status).toBe(0);
    expect(erased.stdout).toMatch(/^Erased:\n {2}register: 1\n {2}signatures: 1/);
    expect(erased.stdout).toMatch(/incidents: 2 \(safeguarding records/);

    const retention = run(['retention', '--operator', 'Jo Bloggs', '--dry-run']);
    expect(retention.stdout).toMatch(/^Would delete \(run again without --dry-run to do it\):\n {2}Oakfield Primary School: nothing past its retention period\n/);

    const bad = run(['export', '--school', 'nowhere', '--person', 'x', '--operator', 'y']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Usage:[\s\S]*Schools: oakfield-primary/);
    const store = await createEmbeddedStore({ dataDir: dir });
    deps = { ...deps, store };
    expect(await store.get('people', SCHOOL, 'teams:t-sam')).toBeUndefined();
    expect(await store.get('people', SCHOOL, 'teams:t-kim')).toBeDefined();
  });
});
