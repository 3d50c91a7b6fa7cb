/**
 * A child's file from the store: every incident that links the child, across incident types, with every
 * entry in time order, and nothing about another child; opened only by the roles the pack names, every
 * open and refusal audited with the pupil's id only.
 */
import { describeChildFile } from '../../src/core/casefile/child-file-view';
import { findPupilForFile, openChildFile } from '../../src/core/casefile/open-child-file';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { CoreDeps } from '../../src/core/deps';
import { parseCommand } from '../../src/core/commands/parse-command';
import { ALEX, CLASS_TEACHER, MEGAN, SCHOOL, incident, linkPupil, pupil } from '../builders/case-file-incidents';
import { tempDeps } from '../builders/temp-store';

let env: Awaited<ReturnType<typeof tempDeps>>;
let deps: CoreDeps;
beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-01T10:00:00Z'));
  deps = env.deps;
});
afterEach(() => env.cleanup());

const JAMIE = 'pupil:upn:A123456789012';
const OTHER = 'pupil:upn:B123456789012';
const by = { platform: 'teams' as const, userId: 'user-id-0', name: 'Alex Wilber' };

async function threeIncidents() {
  await deps.store.create('pupils', pupil(JAMIE, 'Jamie', 'Smithers'));
  await deps.store.create('pupils', pupil(OTHER, 'Olly', 'Other'));
  const bullying = incident(1, 'online-bullying-of-pupil', 'Online bullying of a pupil', '2026-10-01T09:00:00.000Z', {
    chronology: [
      { at: '2026-10-01T09:30:00.000Z', by, action: 'acknowledged' },
      { at: '2026-10-02T10:00:00.000Z', by, action: 'note', detail: 'Spoke with Jamie and parents.' },
    ],
    tasks: [{ id: 't1', text: 'Talk to the class', ownerRole: 'dsl', due: '2026-10-05T16:00:00.000Z', done: false }],
  });
  const grooming = incident(2, 'grooming-inappropriate-contact', 'Grooming or inappropriate contact', '2026-11-01T09:00:00.000Z', {
    chronology: [{ at: '2026-11-01T11:00:00.000Z', by, action: 'referred', detail: 'Referred to police' }],
  });
  const hate = incident(3, 'online-hate', 'Online hate', '2026-11-20T09:00:00.000Z', {
    chronology: [{ at: '2026-11-21T09:00:00.000Z', by, action: 'parents-informed', detail: 'By phone' }],
  });
  const othersOnly = incident(4, 'online-hate', 'Online hate', '2026-11-22T09:00:00.000Z', {
    chronology: [{ at: '2026-11-22T10:00:00.000Z', by, action: 'note', detail: 'ONLY-ABOUT-OLLY' }],
  });
  for (const i of [bullying, grooming, hate, othersOnly]) await deps.store.create('incidents', i);
  await linkPupil(deps, bullying, JAMIE, 'harmed');
  await linkPupil(deps, grooming, JAMIE, 'harmed');
  await linkPupil(deps, hate, JAMIE, 'instigator');
  await linkPupil(deps, othersOnly, OTHER, 'harmed');
  await linkPupil(deps, hate, OTHER, 'harmed');
  await deps.store.create('evidence', { id: 'ev-1', schoolId: SCHOOL, incidentId: bullying.id, fileName: 'screenshot.png', addedBy: by, addedAt: '2026-10-01T12:00:00.000Z' });
}

const audits = async () => deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'pupil.file-open' }] });

it('the DSL sees every incident naming the child across three types, each entry in time order, and nothing about another child; the open is audited', async () => {
  await threeIncidents();
  const file = await openChildFile(deps, ALEX, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(file.pupil).toMatchObject({ name: 'Jamie Smithers', yearGroup: '5', registrationGroup: '5C', left: false });
  expect(file.pupil.upn).toBeUndefined(); // the demo pack does not show UPNs
  expect(file.incidents.map((i) => [i.reference, i.part])).toEqual([
    ['ES-2026-0001', 'harmed'],
    ['ES-2026-0002', 'harmed'],
    ['ES-2026-0003', 'instigator'],
  ]);
  const at = file.entries.map((e) => e.at);
  expect(at).toEqual([...at].sort());
  const kinds = new Set(file.entries.map((e) => e.kind));
  for (const k of ['incident', 'note', 'decision', 'referral', 'task', 'evidence']) expect(kinds).toContain(k);
  expect(file.entries.some((e) => e.heading.includes('screenshot.png'))).toBe(true);
  const json = JSON.stringify(file);
  expect(json).not.toContain('ONLY-ABOUT-OLLY');
  expect(json).not.toContain('ES-2026-0004');
  expect(json).not.toContain('Olly');
  // What was reported is in the file, as written (the DSL checks it for other children before it leaves the school).
  expect(file.entries.find((e) => e.kind === 'incident')?.detail).toContain('What the reporter wrote');
  const events = await audits();
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ outcome: 'ok', detail: JAMIE, actor: { userId: 'user-id-0' } });
  expect(JSON.stringify(events)).not.toContain('Jamie');
});

it('newest first on screen, in pages, with the older page to follow', async () => {
  await threeIncidents();
  const file = await openChildFile(deps, MEGAN, { schoolId: SCHOOL, pupilId: JAMIE });
  const first = describeChildFile(file, 1, 3);
  expect(first.entries[0]?.heading).toContain('ES-2026-0003');
  expect(first.olderPage).toBe(2);
  const last = describeChildFile(file, Math.ceil(file.entries.length / 3), 3);
  expect(last.olderPage).toBeUndefined();
  expect(last.entries[last.entries.length - 1]?.heading).toContain('reported');
});

it('a removed link takes the incident out of the file and shows as a correction', async () => {
  await threeIncidents();
  await deps.store.upsert('links', {
    id: `link:inc-2:${JAMIE}`,
    schoolId: SCHOOL,
    incidentId: 'inc-2',
    pupilId: JAMIE,
    part: 'harmed',
    linkedAt: '2026-11-01T09:00:00.000Z',
    linkedBy: by,
    removedAt: '2026-11-02T09:00:00.000Z',
    history: [{ at: '2026-11-02T09:00:00.000Z', by, from: 'harmed', to: 'removed', reason: 'Wrong child chosen' }],
  });
  const file = await openChildFile(deps, ALEX, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(file.incidents.map((i) => i.reference)).toEqual(['ES-2026-0001', 'ES-2026-0003']);
  expect(file.entries.find((e) => e.kind === 'link')).toMatchObject({ heading: 'Taken off ES-2026-0002', detail: 'Wrong child chosen' });
  expect(file.entries.some((e) => e.heading === 'Referred')).toBe(false);
});

it('a teacher is refused, and the refusal is audited with the pupil id only', async () => {
  await threeIncidents();
  await expect(openChildFile(deps, CLASS_TEACHER, { schoolId: SCHOOL, pupilId: JAMIE })).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(findPupilForFile(deps, CLASS_TEACHER, { schoolId: SCHOOL, text: 'Jamie' })).rejects.toMatchObject({ code: 'not-permitted' });
  const events = await audits();
  expect(events.map((e) => e.outcome)).toEqual(['refused', 'refused']);
  expect(events[0]?.detail).toBe(JAMIE);
});

it('finds one, several or no pupils by what was typed; huge text is refused in plain words', async () => {
  await threeIncidents();
  await deps.store.create('pupils', pupil('pupil:upn:C123456789012', 'Jamie', 'Jones'));
  expect(await findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'smithers' })).toEqual({ kind: 'one', pupilId: JAMIE });
  const several = await findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'jamie' });
  expect(several.kind === 'several' && several.matches.map((m) => m.displayName)).toEqual(['Jamie Jones', 'Jamie Smithers']);
  expect(await findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'zebedee' })).toEqual({ kind: 'none', text: 'zebedee' });
  await expect(findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'x'.repeat(500) })).rejects.toMatchObject({ code: 'invalid-input' });
});

it('the file leaves out an incident the reader may be the subject of', async () => {
  await threeIncidents();
  const aboutDsl = incident(5, 'adult-misuse-of-school-it', 'Adult misuse of school IT', '2026-11-25T09:00:00.000Z', {
    subject: 'dsl',
    routing: { ...incident(5, 'x', 'x', '').routing, actingRoles: ['head'], excludedRoles: ['dsl', 'esafety-lead'], excludedPeople: ['alexw@example.com'] },
  });
  await deps.store.create('incidents', aboutDsl);
  await linkPupil(deps, aboutDsl, JAMIE, 'witness');
  const forAlex = await openChildFile(deps, ALEX, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(forAlex.incidents.map((i) => i.reference)).not.toContain('ES-2026-0005');
  const forMegan = await openChildFile(deps, MEGAN, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(forMegan.incidents.map((i) => i.reference)).toContain('ES-2026-0005');
});

it('"pupil <name>" is a command on both platforms', () => {
  expect(parseCommand('pupil Jamie Smithers')).toEqual({ name: 'pupil', text: 'Jamie Smithers' });
  expect(parseCommand('/report pupil  jamie')).toEqual({ name: 'pupil', text: 'jamie' });
  expect(parseCommand('pupil')).toEqual({ name: 'pupil', text: '' });
});

it('a child who has left is still found, marked as left, and their file says so', async () => {
  await threeIncidents();
  await deps.store.upsert('pupils', pupil(JAMIE, 'Jamie', 'Smithers', { status: 'left', leftAt: '2026-11-25T00:00:00.000Z' }));
  const found = await findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'smithers' });
  expect(found).toEqual({ kind: 'one', pupilId: JAMIE });
  await deps.store.create('pupils', pupil('pupil:upn:D123456789012', 'Jamie', 'Smith'));
  const both = await findPupilForFile(deps, ALEX, { schoolId: SCHOOL, text: 'jamie smith' });
  expect(both.kind === 'several' && both.matches.map((m) => m.displayName)).toEqual(['Jamie Smith', 'Jamie Smithers (left)']);
  const file = await openChildFile(deps, ALEX, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(file.pupil.left).toBe(true);
  expect(describeChildFile(file).title).toBe('Jamie Smithers (left)');
  expect(describeChildFile(file).facts).toContainEqual({ title: 'On roll', value: 'No: has left the school' });
});

it("the pack decides who may open a child's file and whether it shows the UPN", async () => {
  await threeIncidents();
  const pack = deps.pack;
  const withHead = { ...pack, schools: pack.schools.map((s) => (s.id === SCHOOL ? { ...s, childFile: { readers: ['dsl', 'head'], showUpn: true } } : s)) };
  const headDeps = { ...deps, pack: withHead };
  const head = { platform: 'teams' as const, userId: 'user-id-2', name: 'Adele Vance' };
  await expect(openChildFile(deps, head, { schoolId: SCHOOL, pupilId: JAMIE })).rejects.toMatchObject({ code: 'not-permitted' });
  const file = await openChildFile(headDeps, head, { schoolId: SCHOOL, pupilId: JAMIE });
  expect(file.pupil.upn).toBe('A123456789012');
  expect(describeChildFile(file).facts).toContainEqual({ title: 'UPN', value: 'A123456789012' });
  // The deputy is no longer a reader at this school.
  await expect(openChildFile(headDeps, MEGAN, { schoolId: SCHOOL, pupilId: JAMIE })).rejects.toMatchObject({ code: 'not-permitted' });
});
