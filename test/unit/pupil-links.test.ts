/**
 * Pupils from the register in the report and on the incident, through the core use cases on a real
 * embedded store: the pupil step appears only where it can help, keeps ids and parts only, survives
 * "Back", and relaxes the typed pupils field; links are written once; the pupils section shows leads the
 * current pupils; retention keeps a leaver an incident still names and takes an incident's links with it.
 */
import type { CoreDeps } from '../../src/core/deps';
import { caseSectionsFor } from '../../src/core/casefile/record-sections';
import { correctLink } from '../../src/core/casefile/correct-links';
import { stepReport } from '../../src/core/incidents/report-wizard';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import { type PupilLink, linkIdFor } from '../../src/core/pupils/pupil-link';
import type { Pupil } from '../../src/core/pupils/pupil-record';
import { applyRetention } from '../../src/core/retention/apply-retention';
import { seedDemoPupils } from '../../src/core/pupils/demo-register';
import { findPupils } from '../../src/core/pupils/find-pupils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { LILY, PRIYA, REGISTER_CSV, SAM, TOM, seedRegister } from '../builders/pupil-register';
import { tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

const SCHOOL = 'oakfield-primary';
const DSL: Actor = { platform: 'teams', userId: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' } as Actor;
let env: Awaited<ReturnType<typeof tempDeps>>;
afterEach(async () => env?.cleanup());

async function report(deps: CoreDeps, pupils: Array<{ pupilId: string; part: string }>, procedureId = 'online-bullying-of-pupil'): Promise<Incident> {
  const { outcome } = await walkReport(deps, procedureId, { pupils });
  if (outcome.kind !== 'submitted') throw new Error(`not submitted: ${outcome.kind}`);
  return outcome.incident;
}

describe('the pupil step', () => {
  it('is shown only when the school has a register and the procedure asks about pupils', async () => {
    env = await tempDeps();
    expect((await walkReport(env.deps, 'online-bullying-of-pupil')).steps).not.toContain('pupils');
    await seedRegister(env.deps);
    expect((await walkReport(env.deps, 'online-bullying-of-pupil')).steps).toContain('pupils');
    // Another school's register does not make the step appear here.
    await seedRegister(env.deps, 'riverside-academy');
    const withoutPupilsField = env.deps.pack.procedures.find((p) => !p.fields.some((f) => f.id === 'pupils'));
    if (withoutPupilsField) expect((await walkReport(env.deps, withoutPupilsField.id)).steps).not.toContain('pupils');
  });

  it('keeps ids and parts only, keeps them on Back, makes the typed pupils field optional, and links each pupil once', async () => {
    env = await tempDeps();
    await seedRegister(env.deps);
    const { outcome, ref } = await walkReport(env.deps, 'online-bullying-of-pupil', { stopAt: 'pupils' });
    if (outcome.kind !== 'view') throw new Error('no view');
    const teacher = { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' } as Actor;
    const step = async (values: Record<string, string>, action: 'next' | 'back' = 'next') => {
      const state = await env.deps.store.get<WizardState>('wizards', SCHOOL, ref.wizardId);
      const result = await stepReport(env.deps, { ...ref, revision: state?.revision }, teacher, { action, values });
      if (result.kind !== 'view') throw new Error(result.kind);
      return result.view;
    };
    let view = await step({ choice: 'pupil-search', pupilQuery: 'carter' });
    expect(view.pupilStep?.matches.map((m) => m.label)).toEqual(['Lily Carter (Year 6, 6R)', 'Sam Carter (Year 5, 5C)']);
    view = await step({ choice: 'pupil-add', pupilMatch: LILY, pupilPart: 'witness' });
    view = await step({ choice: 'pupil-add', pupilMatch: LILY, pupilPart: 'harmed' });
    expect(view.pupilStep?.chosen).toEqual([{ id: LILY, label: 'Lily Carter (Year 6, 6R)', part: 'Harmed or at risk' }]);
    view = await step({}, 'back');
    view = await step({});
    expect(view.step).toBe('pupils');
    expect(view.pupilStep?.chosen.map((c) => c.id)).toEqual([LILY]);
    view = await step({});
    expect(view.step).toBe('details');
    expect(view.fields?.find((f) => f.id === 'pupils')).toMatchObject({ required: false, label: 'Any other pupils involved (initials only, e.g. J.S.)' });
    const state = await env.deps.store.get<WizardState>('wizards', SCHOOL, ref.wizardId);
    expect(state?.pupils).toEqual([{ pupilId: LILY, part: 'harmed' }]);
    expect(JSON.stringify(state)).not.toContain('Carter');
  });

  it('lets every procedure be reported with a pupil from the register where it asks about pupils', async () => {
    env = await tempDeps();
    await seedRegister(env.deps);
    for (const procedure of env.deps.pack.procedures) {
      const { outcome, steps } = await walkReport(env.deps, procedure.id, { pupils: [{ pupilId: SAM, part: 'harmed' }] });
      expect([procedure.id, outcome.kind]).toEqual([procedure.id, 'submitted']);
      const asks = procedure.fields.some((f) => f.id === 'pupils');
      // A procedure the answers switched away from may still ask: the step follows the procedure reported.
      if (outcome.kind === 'submitted' && outcome.incident.procedureId === procedure.id) expect([procedure.id, steps.includes('pupils')]).toEqual([procedure.id, asks]);
    }
  });

  it('refuses a leaver, and says so without changing anything', async () => {
    env = await tempDeps();
    await seedRegister(env.deps);
    await seedRegister(
      env.deps,
      SCHOOL,
      REGISTER_CSV.split('\n')
        .filter((l) => !l.includes('Okafor'))
        .join('\n'),
      { leaversOk: true },
    );
    await expect(report(env.deps, [{ pupilId: TOM, part: 'harmed' }])).rejects.toThrow(/not on this school's register/);
  });
});

describe('links and the pupils section', () => {
  it('writes one link per pupil with its part; a repeated submission adds none; the section lists current pupils for a lead', async () => {
    env = await tempDeps();
    await seedRegister(env.deps);
    const incident = await report(env.deps, [
      { pupilId: SAM, part: 'harmed' },
      { pupilId: PRIYA, part: 'witness' },
    ]);
    const links = await env.deps.store.query<PupilLink>('links', { schoolId: SCHOOL });
    expect(links.map((l) => [l.id, l.part]).sort()).toEqual([
      [linkIdFor(incident.id, SAM), 'harmed'],
      [linkIdFor(incident.id, PRIYA), 'witness'],
    ]);
    const wizard = (await env.deps.store.get<WizardState>('wizards', SCHOOL, incident.wizardId)) as WizardState;
    await stepReport(env.deps, { schoolId: SCHOOL, wizardId: wizard.id }, { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' } as Actor, { action: 'submit' });
    expect(await env.deps.store.count('links', { schoolId: SCHOOL })).toBe(2);

    const school = env.deps.pack.schools.find((s) => s.id === SCHOOL);
    if (!school) throw new Error('no school');
    await correctLink(env.deps, DSL, { schoolId: SCHOOL, incidentId: incident.id, ref: `remove:${PRIYA}`, values: { reason: 'Not involved after all.' } });
    const saved = (await env.deps.store.get<Incident>('incidents', SCHOOL, incident.id)) as Incident;
    const [section] = await caseSectionsFor(env.deps, school, saved, DSL);
    expect(section?.id).toBe('pupils');
    expect(section?.lines).toEqual([{ text: 'Sam Carter (Year 5, 5C): Harmed or at risk' }]);
    expect(section?.actions.map((a) => [a.action, a.label, a.ref])).toEqual([
      ['pupil-file-open', "Open Sam Carter's file", SAM],
      ['pupil-link-change', 'Change part: Sam Carter', SAM],
      ['pupil-link-remove', 'Remove: Sam Carter', SAM],
      ['pupil-link-add', 'Add a pupil', undefined],
    ]);
    // A reader who is not a lead sees the lines and no buttons.
    const teacher = { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' } as Actor;
    const sections = await caseSectionsFor(env.deps, school, saved, teacher);
    expect(sections.find((s) => s.id === 'pupils')?.actions).toEqual([]);
  });
});

describe('retention of the register and the links', () => {
  it('keeps a leaver while a kept incident links them; deleting the incident takes its links, and then the leaver goes', async () => {
    env = await tempDeps(new Date('2026-11-23T10:00:00Z'));
    await seedRegister(env.deps);
    const incident = await report(env.deps, [{ pupilId: TOM, part: 'instigator' }]);
    await correctLink(env.deps, DSL, { schoolId: SCHOOL, incidentId: incident.id, ref: 'add', values: { pupilMatch: SAM, part: 'harmed', reason: 'Sam was the target.' } });
    await correctLink(env.deps, DSL, { schoolId: SCHOOL, incidentId: incident.id, ref: `remove:${SAM}`, values: { reason: 'A different Sam.' } });
    // Tom, Sam and Lily leave; Lily is named by no incident.
    await seedRegister(
      env.deps,
      SCHOOL,
      REGISTER_CSV.split('\n')
        .filter((l) => !/Okafor|Lily|Sam,/.test(l))
        .join('\n'),
      { leaversOk: true },
    );
    const register = async () => (await env.deps.store.query<Pupil>('pupils', { schoolId: SCHOOL })).map((p) => p.id).sort();

    const pack = { ...env.deps.pack, retention: { ...env.deps.pack.retention, 'closed-incidents': '2 years' as const } };
    const deps = { ...env.deps, pack };
    const twoYearsOn = new Date('2028-12-01T10:00:00Z');
    expect((await applyRetention(deps, twoYearsOn))[SCHOOL]).toMatchObject({ 'pupil-leavers': 1, 'closed-incidents': 0 });
    // Lily went; Tom (linked) and Sam (taken off, but the link is kept with its history) stay.
    expect(await register()).toEqual([SAM, PRIYA, TOM].sort());

    const stored = (await env.deps.store.get<Incident>('incidents', SCHOOL, incident.id)) as Incident & { _etag: string };
    const { _etag, ...doc } = stored;
    await env.deps.store.replace<Incident>('incidents', { ...doc, status: 'closed', closedAt: '2026-12-01T10:00:00.000Z' }, _etag);
    const counts = (await applyRetention(deps, new Date('2029-01-02T10:00:00Z')))[SCHOOL];
    expect(counts).toMatchObject({ 'closed-incidents': 1, 'pupil-leavers': 2 });
    expect(await env.deps.store.count('links', { schoolId: SCHOOL })).toBe(0);
    expect(await register()).toEqual([PRIYA]);
  });
});

describe('the demo register', () => {
  it('loads the fictional pupils into a school with none, through the checked import, and never again', async () => {
    env = await tempDeps();
    const csv = readFileSync(join(__dirname, '../../policy/demo-pupils.csv'), 'utf8');
    expect(await seedDemoPupils(env.deps, SCHOOL, csv)).toBe(20);
    expect((await findPupils(env.deps, SCHOOL, '5C', 50)).length).toBe(10);
    expect((await findPupils(env.deps, SCHOOL, 'jamie')).map((m) => m.displayName)).toEqual(['Jamie Fletcher', 'Jamie Okonkwo']);
    expect(await seedDemoPupils(env.deps, SCHOOL, csv)).toBe(0);
    // A school with its own register (even only leavers) is left alone.
    await seedRegister(env.deps, 'riverside-academy');
    expect(await seedDemoPupils(env.deps, 'riverside-academy', csv)).toBe(0);
    expect(await env.deps.store.count('pupils', { schoolId: 'riverside-academy' })).toBe(4);
  });
});
