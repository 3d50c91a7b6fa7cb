/**
 * One incident's record as a PDF for a police or LADO request, read back with a text extractor: that
 * incident only, its pupils named only by their part, exported by its leads only, every export and
 * refusal audited; a wrong or tampered reference changes nothing.
 */
import { renderPdf } from '../../src/adapters/pdf/render-pdf';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { exportIncident } from '../../src/core/casefile/export-incident';
import type { Actor } from '../../src/core/people/actor';
import { linkIdFor, type PupilLink } from '../../src/core/pupils/pupil-link';
import { RORY, storePupils, ZOE } from '../builders/child-file-fixtures';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { pdfText } from '../builders/read-pdf';
import { tempDeps } from '../builders/temp-store';

const dsl: Actor = { platform: 'teams', userId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', aliases: ['user-id-0'] };
const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher' };
let env: Awaited<ReturnType<typeof tempDeps>>;

beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-01T10:00:00Z'));
  env.deps.pdf = renderPdf;
  await storePupils(env.deps, ZOE, RORY);
  const random = seeded(9);
  for (const n of [3, 4]) {
    const incident = generateIncident(env.deps.pack, 'oakfield-primary', n, new Date(`2026-11-0${n}T10:00:00Z`), random);
    incident.details = { pupils: 'Z.N. and R.K.', description: `Account for incident ${n}: messages in a group chat.` };
    incident.chronology = [{ at: incident.reportedAt, by: incident.reporter, action: 'reported', detail: 'Reported by staff.' }];
    await env.deps.store.create('incidents', incident);
    for (const [pupilId, part] of [
      [ZOE.id, 'harmed'],
      [RORY.id, 'instigator'],
    ] as const) {
      const link: PupilLink = {
        id: linkIdFor(incident.id, pupilId),
        schoolId: 'oakfield-primary',
        incidentId: incident.id,
        pupilId,
        part,
        linkedAt: incident.reportedAt,
        linkedBy: incident.reporter,
        history: [],
      };
      await env.deps.store.create('links', link);
    }
  }
});
afterEach(async () => env.cleanup());

const audit = () => env.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary' });

test('the PDF holds that incident only, with its pupils named only by their part', async () => {
  const done = await exportIncident(env.deps, dsl, { reference: 'es-2026-0003' });
  expect(done.fileName).toBe('incident-ES-2026-0003.pdf');
  const text = (await pdfText(done.pdf)).replace(/\s+/g, ' ');
  expect(text).toContain('Incident record ES-2026-0003');
  expect(text).toContain('Oakfield Primary School');
  expect(text).toContain('Account for incident 3: messages in a group chat.');
  expect(text).toContain('Pupil 1: Harmed or at risk');
  expect(text).toContain('Pupil 2: Instigator');
  expect(text).not.toContain('ES-2026-0004');
  expect(text).not.toContain('incident 4');
  for (const name of ['Zoë', 'Núñez', 'Rory', 'Kowalczyk', 'Z.N.', 'R.K.']) expect(text).not.toContain(name);
  expect((await audit()).map((e) => [e.action, e.outcome, e.incidentId])).toEqual([['incident.export', 'ok', done.incident.id]]);
});

test('someone who does not lead it is refused and audited; a wrong reference gets a clear answer', async () => {
  await expect(exportIncident(env.deps, teacher, { reference: 'ES-2026-0003' })).rejects.toThrow('Only the people named');
  await expect(exportIncident(env.deps, dsl, { reference: 'ES-2026-0003; DROP' })).rejects.toMatchObject({ fieldErrors: { reference: expect.stringContaining('export ES-2026-0003') } });
  await expect(exportIncident(env.deps, dsl, { reference: 'ES-2026-0999' })).rejects.toMatchObject({ code: 'not-found' });
  await expect(exportIncident(env.deps, dsl, { incidentId: 'inc-forged' })).rejects.toMatchObject({ code: 'not-found' });
  expect((await audit()).map((e) => `${e.action}:${e.outcome}`)).toEqual(['incident.export:refused']);
});
