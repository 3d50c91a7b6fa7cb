/**
 * The sanctions table in the policy pack: the shipped pack has pupil categories A–D and staff A–B in our
 * own words; a school may word a category its own way; a broken table fails at load naming the field.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadPolicyPack } from '../../src/app/load-policy-pack';
import { DEFAULT_SANCTIONS, sanctionsFor } from '../../src/core/policy/sanctions';
import { PolicyPackError } from '../../src/core/policy/validate-pack';

const POLICY_DIR = join(__dirname, '..', '..', 'policy');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function packWith(edit: (data: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanctions-'));
  temps.push(dir);
  cpSync(POLICY_DIR, dir, { recursive: true });
  const file = join(dir, 'pack.yaml');
  const data = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(data);
  writeFileSync(file, stringify(data));
  return dir;
}

function failure(dir: string): string {
  try {
    loadPolicyPack(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyPackError);
    return (error as Error).message;
  }
  throw new Error('expected the pack to be rejected');
}

describe('the sanctions table', () => {
  it('the shipped pack has pupil categories A to D and staff categories A and B, each with actions', () => {
    const pack = loadPolicyPack(POLICY_DIR);
    expect(Object.keys(pack.sanctions?.pupil ?? {})).toEqual(['A', 'B', 'C', 'D']);
    expect(Object.keys(pack.sanctions?.staff ?? {})).toEqual(['A', 'B']);
    const table = sanctionsFor(pack, pack.schools[0] ?? {});
    expect(table.pupil.D.title).toMatch(/^Category D/);
    expect(table.staff.B.actions.length).toBeGreaterThan(0);
    // policy/README.md says a pack without a table gets one that reads as the shipped one.
    expect(pack.sanctions).toEqual(DEFAULT_SANCTIONS);
  });

  it('a pack with no table gets the built-in one', () => {
    const pack = loadPolicyPack(packWith((d) => delete d.sanctions));
    expect(pack.sanctions).toBeUndefined();
    expect(sanctionsFor(pack, pack.schools[0] ?? {})).toEqual(DEFAULT_SANCTIONS);
  });

  it("a school's own wording replaces that category only", () => {
    const own = { title: 'Level 3: deliberate misuse', meaning: 'Our behaviour policy, level 3.', actions: ['Detention', 'Parents or carers contacted'] };
    const pack = loadPolicyPack(packWith((d) => (d.schools[0].sanctions = { pupil: { C: own } })));
    const table = sanctionsFor(pack, pack.schools[0] ?? {});
    expect(table.pupil.C).toEqual(own);
    expect(table.pupil.B).toEqual(pack.sanctions?.pupil.B);
    expect(sanctionsFor(pack, pack.schools[1] ?? { sanctions: undefined }).pupil.C).toEqual(pack.sanctions?.pupil.C);
  });

  it('a table missing a category fails at load, naming the field', () => {
    expect(failure(packWith((d) => delete d.sanctions.pupil.D))).toContain('field "sanctions.pupil.D"');
  });

  it('a category the framework does not have fails (pupils A–D, staff A–B)', () => {
    const level = { title: 'Category C', meaning: 'x', actions: ['y'] };
    expect(failure(packWith((d) => (d.sanctions.staff.C = level)))).toContain('sanctions.staff');
    expect(failure(packWith((d) => (d.schools[0].sanctions = { pupil: { E: level } })))).toContain('schools.0.sanctions.pupil');
  });

  it('a category with no actions, or the same action twice, fails', () => {
    expect(failure(packWith((d) => (d.sanctions.pupil.A.actions = [])))).toContain('field "sanctions.pupil.A.actions"');
    expect(failure(packWith((d) => d.sanctions.staff.A.actions.push(d.sanctions.staff.A.actions[0])))).toContain('field "sanctions.staff.A.actions"');
  });

  it('two categories with the same title in one school fail (the form could not tell them apart)', () => {
    const message = failure(packWith((d) => (d.schools[0].sanctions = { pupil: { B: { ...d.sanctions.pupil.A } } })));
    expect(message).toContain('another pupil category has the same title');
  });
});
