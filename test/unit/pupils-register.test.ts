/**
 * The pupil register: `npm run pupils:import` run as a person runs it (a child process on a temporary
 * data folder) — a good file, a bad line that changes nothing, leavers marked and coming back, the
 * common MIS column names, wrong dates and UPNs, a file too large; retention of leavers with a clock;
 * `findPupils`; and names kept out of logs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { pinoLogger } from '../../src/app/pino-logger';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { findPupils } from '../../src/core/pupils/find-pupils';
import { importPupils } from '../../src/core/pupils/import-pupils';
import { PUPIL_IMPORT_LIMITS, parsePupilsCsv, parseUkDate } from '../../src/core/pupils/parse-pupils-csv';
import { isUpn, type Pupil } from '../../src/core/pupils/pupil-record';
import { applyRetention } from '../../src/core/retention/apply-retention';
import type { Doc } from '../../src/ports/document-store';
import { shippedPack, tempDeps } from '../builders/temp-store';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const SCHOOL = shippedPack.schools[0]?.id as string;
const OTHER_SCHOOL = shippedPack.schools[1]?.id as string;

describe('npm run pupils:import', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'esafety-pupils-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(csv: string | Buffer, school = SCHOOL, ...flags: string[]) {
    const file = join(dir, 'pupils.csv');
    writeFileSync(file, csv);
    return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/pupils-import.ts', school, file, ...flags], {
      cwd: ROOT,
      env: { ...process.env, STORE: 'embedded', DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  /** The register as the store holds it after the run (the embedded store serves one process at a time). */
  async function register(): Promise<{ pupils: Pupil[]; audit: AuditEvent[] }> {
    const store = await createEmbeddedStore({ dataDir: join(dir, 'data') });
    try {
      const pupils = (await store.query<Pupil>('pupils', { schoolId: SCHOOL })).sort((a, b) => a.id.localeCompare(b.id));
      const audit = await store.query<AuditEvent & Doc>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'pupils.import' }] });
      return { pupils, audit };
    } finally {
      await store.close();
    }
  }

  const HEADER = 'UPN,Legal Forename,Preferred Forename,Legal Surname,Year,Reg,DOB';
  const AMY = 'A123456789012,Amelia,Amy,Ashworth,Year 7,7B,03/09/2013';
  const BEN = 'B123456789012,Benjamin,,Okafor,8,8C,2012-11-30';
  const CAT = 'C123456789012,Catherine,Cat,Zoë-Lewis,7,7A,';

  it('imports a good file, says what it did, and audits only counts', async () => {
    const r = run([HEADER, AMY, BEN, CAT].join('\r\n'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Imported 3 pupils: 3 added, 0 updated, 0 unchanged, 0 marked as leavers, 0 back from leaving.\n');
    const { pupils, audit } = await register();
    expect(pupils.map((p) => [p.id, p.forename, p.preferredName, p.surname, p.yearGroup, p.registrationGroup, p.dateOfBirth, p.status])).toEqual([
      ['pupil:upn:A123456789012', 'Amelia', 'Amy', 'Ashworth', '7', '7B', '2013-09-03', 'current'],
      ['pupil:upn:B123456789012', 'Benjamin', undefined, 'Okafor', '8', '8C', '2012-11-30', 'current'],
      ['pupil:upn:C123456789012', 'Catherine', 'Cat', 'Zoë-Lewis', '7', '7A', undefined, 'current'],
    ]);
    expect(audit.map((a) => a.detail)).toEqual(['rows=3 added=3 updated=0 unchanged=0 left=0 returned=0']);
    expect(JSON.stringify(audit)).not.toMatch(/Amelia|Ashworth/);
  });

  it('refuses a file with one bad line, naming the line and the fault, and changes nothing', async () => {
    expect(run([HEADER, AMY, BEN].join('\n')).status).toBe(0);
    const before = await register();
    const r = run([HEADER, AMY.replace('Ashworth', 'Ashworth-Smith'), BEN, 'D123456789012,Dan,,,9,9A,'].join('\n'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('1 line needs another look. Nothing was imported.\nLine 4: the surname is empty.\n');
    const after = await register();
    // Amelia's surname change on line 2 was good, but the file as a whole was refused; Ben is not a leaver.
    expect(after.pupils).toEqual(before.pupils);
    expect(after.audit).toHaveLength(1);
  });

  it('marks pupils missing from the export as leavers, keeps them, and un-marks one who comes back', async () => {
    expect(run([HEADER, AMY, BEN, CAT].join('\n')).status).toBe(0);
    const left = run([HEADER, AMY, CAT.replace(',7A,', ',8A,')].join('\n'));
    expect(left.stdout).toBe('Imported 2 pupils: 0 added, 1 updated, 1 unchanged, 1 marked as leavers, 0 back from leaving.\n');
    const afterLeaving = await register();
    const ben = afterLeaving.pupils.find((p) => p.surname === 'Okafor');
    expect(ben).toMatchObject({ status: 'left', leftAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(afterLeaving.pupils.find((p) => p.forename === 'Catherine')?.registrationGroup).toBe('8A');

    // Marked once: a second import without him does not move his leaving date.
    expect(run([HEADER, AMY, CAT.replace(',7A,', ',8A,')].join('\n')).stdout).toMatch(/: 0 added, 0 updated, 2 unchanged, 0 marked as leavers, 0 back from leaving\.$/m);
    expect((await register()).pupils.find((p) => p.surname === 'Okafor')?.leftAt).toBe(ben?.leftAt);

    const back = run([HEADER, AMY, BEN, CAT.replace(',7A,', ',8A,')].join('\n'));
    expect(back.stdout).toBe('Imported 3 pupils: 0 added, 1 updated, 2 unchanged, 0 marked as leavers, 1 back from leaving.\n');
    const returned = (await register()).pupils.find((p) => p.surname === 'Okafor');
    expect(returned?.status).toBe('current');
    expect(returned).not.toHaveProperty('leftAt');
    expect(returned?.id).toBe(ben?.id);
  });

  it('asks before an export (one class, say) would make most of the school leavers, and changes nothing until told', async () => {
    const school = Array.from({ length: 40 }, (_, i) => `A1234567890${String(i).padStart(2, '0')},Pupil${i},,Surname${i},7,7B,`);
    expect(run([HEADER, ...school].join('\n')).status).toBe(0);
    const before = await register();
    const oneClass = run([HEADER, ...school.slice(0, 5)].join('\n'));
    expect({ status: oneClass.status, stdout: oneClass.stdout }).toEqual({ status: 1, stdout: '' });
    expect(oneClass.stderr).toBe(
      'This export would mark 35 of the 40 current pupils as leavers. If that is right (the end of a school year, say), run it again with --leavers-ok. Nothing was imported.\n',
    );
    expect((await register()).pupils).toEqual(before.pupils);
    const confirmed = run([HEADER, ...school.slice(0, 5)].join('\n'), SCHOOL, '--leavers-ok');
    expect(confirmed.stdout).toBe('Imported 5 pupils: 0 added, 0 updated, 5 unchanged, 35 marked as leavers, 0 back from leaving.\n');
    expect((await register()).pupils.filter((p) => p.status === 'left')).toHaveLength(35);
  });

  it('reads the column names other MIS exports use, in any case and order, and keeps the record when a UPN arrives', async () => {
    const arbor = ['adno,first name,LAST NAME,nc year,Registration Group,Date of Birth,Gender', '001234,Amelia,Ashworth,7,7B,3/9/2013,F', '001235,Ben,Okafor,Y8,8C,,M'].join('\n');
    expect(run(arbor).stdout).toMatch(/^Imported 2 pupils: 2 added,/);
    const first = await register();
    expect(first.pupils.map((p) => [p.id, p.misId, p.forename, p.surname, p.yearGroup, p.registrationGroup, p.dateOfBirth])).toEqual([
      ['pupil:mis:001234', '001234', 'Amelia', 'Ashworth', '7', '7B', '2013-09-03'],
      ['pupil:mis:001235', '001235', 'Ben', 'Okafor', '8', '8C', undefined],
    ]);

    const sims = ['Surname,Forename,Legal Forename,Year group,Form,Admission number,upn', 'Ashworth,Amy,Amelia,7,7B,001234,a123456789012', 'Okafor,Ben,Benjamin,8,8C,001235,'].join('\n');
    expect(run(sims).stdout).toMatch(/: 0 added, 2 updated, 0 unchanged, 0 marked as leavers/);
    const second = await register();
    // Legal Forename wins over Forename; the pupil keeps their id when their UPN first appears.
    expect(second.pupils.map((p) => [p.id, p.upn, p.forename])).toEqual([
      ['pupil:mis:001234', 'A123456789012', 'Amelia'],
      ['pupil:mis:001235', undefined, 'Benjamin'],
    ]);
  });

  it('refuses a wrong date, a bad UPN, a duplicate and missing columns, naming each line', async () => {
    const bad = run(
      [HEADER, AMY.replace('03/09/2013', '31/02/2013'), BEN.replace('B123456789012', 'B12345'), CAT.replace('C123456789012', 'A123456789012'), 'E123456789012,Eve,,Evans,9,9A,12/13/2012'].join('\n'),
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr.split('\n')).toEqual([
      '4 lines need another look. Nothing was imported.',
      'Line 2: the date of birth "31/02/2013" is not a date (write dd/mm/yyyy or yyyy-mm-dd).',
      'Line 3: the UPN "B12345" is not a UPN (13 characters: a letter, then 12 digits; a temporary UPN ends in a letter).',
      'Line 4: the UPN A123456789012 is also on line 2.',
      'Line 5: the date of birth "12/13/2012" is not a date (write dd/mm/yyyy or yyyy-mm-dd).',
      '',
    ]);
    const columns = run('Name,Class\nAmelia Ashworth,7B\n');
    expect(columns.stderr).toMatch(/^Line 1 \(the header\): the file needs a UPN or MIS id column .*; a forename column .*; a surname column .*; a year group column/m);
    expect((await register()).pupils).toEqual([]);
  });

  it('refuses an empty export (it would make every pupil a leaver) and a file too large, before reading it', async () => {
    expect(run([HEADER, AMY].join('\n')).status).toBe(0);
    const empty = run(`${HEADER}\n`);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/no pupils in it .*no pupil was marked as a leaver/);
    const huge = run(Buffer.alloc(PUPIL_IMPORT_LIMITS.bytes + 1, 'a'));
    expect(huge.stderr).toMatch(/is 10\.0 MB; at most 10 MB is accepted\. Nothing was imported\./);
    expect((await register()).pupils.map((p) => p.status)).toEqual(['current']);
  });

  it('prints its usage when run without a school or file', () => {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/pupils-import.ts'], {
      cwd: ROOT,
      env: { ...process.env, STORE: 'embedded', DATA_DIR: join(dir, 'data'), NODE_ENV: 'development' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Usage: npm run pupils:import -- <school-id> <file\.csv> \[--leavers-ok\]$/m);
  });
});

describe('checking an export', () => {
  const TODAY = '2026-11-23';
  it('knows a UPN when it sees one', () => {
    expect(['A123456789012', 'Z00000000000A'].map(isUpn)).toEqual([true, true]);
    expect(['123456789012A', 'A12345678901', 'A1234567890123', 'AB23456789012', 'a123456789012'].map(isUpn)).toEqual([false, false, false, false, false]);
  });

  it('reads UK and ISO dates and refuses what is not a date', () => {
    expect(['03/09/2013', '3/9/2013', '03-09-2013', '03.09.2013', '2013-09-03', '29/02/2016'].map(parseUkDate)).toEqual(Array(5).fill('2013-09-03').concat('2016-02-29'));
    expect(['29/02/2013', '2013-13-01', '09/2013', '3 Sept 2013', '2013/09/03'].map(parseUkDate)).toEqual(Array(5).fill(undefined));
  });

  it('refuses a date of birth in the future, and too many rows', () => {
    expect(() => parsePupilsCsv('UPN,Forename,Surname,Year\nA123456789012,Amy,Ash,7\n', TODAY)).not.toThrow();
    expect(() => parsePupilsCsv('UPN,Forename,Surname,Year,DOB\nA123456789012,Amy,Ash,R,24/11/2026\n', TODAY)).toThrow(
      expect.objectContaining({ fieldErrors: { 'line-0': 'Line 2: the date of birth "24/11/2026" is in the future.' } }),
    );
    const many = ['MIS ID,Forename,Surname,Year', ...Array.from({ length: PUPIL_IMPORT_LIMITS.rows + 1 }, (_, i) => `${i},A,B,7`)].join('\n');
    expect(() => parsePupilsCsv(many, TODAY)).toThrow(expect.objectContaining({ fieldErrors: { file: 'The file has 20001 pupils; at most 20000 are accepted in one import. Nothing was imported.' } }));
  });
});

describe('pupil retention and search', () => {
  let env: Awaited<ReturnType<typeof tempDeps>>;
  afterEach(async () => env?.cleanup());

  const rows = (csv: string) => parsePupilsCsv(csv, '2026-11-23');
  const EXPORT = [
    'UPN,Legal Forename,Preferred forename,Legal Surname,Year,Reg',
    'A123456789012,Amelia,Amy,Ashworth,7,7B',
    'B123456789012,Benjamin,,Okafor,8,8C',
    'C123456789012,Zoë,,O’Brien,7,7A',
    'D123456789012,Ashley,,Brown,9,9S',
    'E123456789012,Sam,,Ashby,10,10A',
    'F123456789012,Mary,,Van der Berg,7,7B',
  ].join('\n');

  /** The same export after Ben Okafor has left. */
  const withoutBen = () =>
    rows(
      EXPORT.split('\n')
        .filter((l) => !l.includes('Okafor'))
        .join('\n'),
    );

  it('deletes a leaver’s entry when the pack’s period after leaving ends, never a current pupil, and counts it in the audit', async () => {
    env = await tempDeps(new Date('2026-07-20T10:00:00Z'));
    await importPupils(env.deps, SCHOOL, rows(EXPORT));
    env.clock.set(new Date('2026-09-02T10:00:00Z'));
    // Ben left over the summer.
    expect(await importPupils(env.deps, SCHOOL, withoutBen())).toMatchObject({ left: 1 });
    const stored = async () => (await env.deps.store.query<Pupil>('pupils', { schoolId: SCHOOL })).map((p) => p.surname).sort();

    // The shipped pack keeps a leaver's entry a year after leaving, counted from the import that found them gone.
    expect(shippedPack.retention['pupil-leavers']).toBe('1 year');
    expect((await applyRetention(env.deps, new Date('2027-09-01T10:00:00Z')))[SCHOOL]?.['pupil-leavers']).toBe(0);
    expect(await stored()).toContain('Okafor');
    const later = new Date('2027-09-02T10:00:01Z');
    expect((await applyRetention(env.deps, later, { dryRun: true }))[SCHOOL]?.['pupil-leavers']).toBe(1);
    expect(await stored()).toContain('Okafor');
    expect((await applyRetention(env.deps, later))[SCHOOL]?.['pupil-leavers']).toBe(1);
    expect(await stored()).toEqual(['Ashby', 'Ashworth', 'Brown', 'O’Brien', 'Van der Berg']);
    const audit = await env.deps.store.query<AuditEvent & Doc>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'retention.deleted' }] });
    expect(audit.map((a) => a.detail)).toContain('pupil-leavers: 1 past "1 year"');

    // Current pupils stay, however long ago they were imported; `keep` keeps leavers too.
    expect((await applyRetention(env.deps, new Date('2060-01-01T00:00:00Z')))[SCHOOL]?.['pupil-leavers']).toBe(0);
    await importPupils(env.deps, SCHOOL, rows(EXPORT.split('\n').slice(0, 2).join('\n')));
    const keep = { ...env.deps, pack: { ...env.deps.pack, retention: { ...env.deps.pack.retention, 'pupil-leavers': 'keep' as const } } };
    expect((await applyRetention(keep, new Date('2060-01-01T00:00:00Z')))[SCHOOL]?.['pupil-leavers']).toBe(0);
    expect(await stored()).toHaveLength(5);
  });

  it('finds current pupils by part of a name or a registration group, surname first, ignoring case and accents', async () => {
    env = await tempDeps();
    await importPupils(env.deps, SCHOOL, rows(EXPORT));
    await importPupils(env.deps, OTHER_SCHOOL, rows('UPN,Forename,Surname,Year\nG123456789012,Ashanti,Ashcroft,7'));
    const names = async (text: string, limit?: number) => (await findPupils(env.deps, SCHOOL, text, limit)).map((m) => m.displayName);

    // Surnames starting "ash" first (by surname), then forenames starting "ash"; never another school's pupil.
    expect(await names('ash')).toEqual(['Sam Ashby', 'Amy Ashworth', 'Ashley Brown']);
    expect(await names('ASH', 2)).toEqual(['Sam Ashby', 'Amy Ashworth']);
    expect(await names('zoe obrien')).toEqual(['Zoë O’Brien']);
    expect(await names('amel')).toEqual(['Amy Ashworth']);
    expect(await names('amy')).toEqual(['Amy Ashworth']);
    expect(await names('berg')).toEqual(['Mary Van der Berg']);
    expect(await names('7b')).toEqual(['Amy Ashworth', 'Mary Van der Berg']);
    expect(await names('7b mar')).toEqual(['Mary Van der Berg']);
    expect(await names('wort')).toEqual(['Amy Ashworth']);
    expect(await names('   ')).toEqual([]);
    expect(await names('nobody')).toEqual([]);
    expect(await findPupils(env.deps, SCHOOL, 'okafor')).toEqual([{ id: 'pupil:upn:B123456789012', displayName: 'Benjamin Okafor', yearGroup: '8', registrationGroup: '8C' }]);

    // A leaver is not found.
    await importPupils(env.deps, SCHOOL, withoutBen());
    expect(await names('okafor')).toEqual([]);
  });
});

describe('logs', () => {
  it('redact the register’s names, date of birth and UPN', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = pinoLogger('info', sink as unknown as Parameters<typeof pinoLogger>[1]);
    logger.info('pupil.found', {
      forename: 'Amelia',
      surname: 'Ashworth',
      preferredName: 'Amy',
      displayName: 'Amy Ashworth',
      dateOfBirth: '2013-09-03',
      upn: 'A123456789012',
      misId: '001234',
      pupil: { surname: 'Ashworth' },
    });
    expect(out).toContain('pupil.found');
    expect(out).not.toMatch(/Amelia|Ashworth|Amy|2013-09-03|A123456789012|001234/);
  });
});
