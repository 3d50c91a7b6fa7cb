/**
 * A filtering-breach report writes its own filtering log entry with the report: once, even when the
 * report is finished again after a crash (the same wizard submitted twice from its unsubmitted copy);
 * "reported breach" when the form gave no address; no entry for a procedure that keeps none; and the
 * pack refuses a `filteringLog.what` that is not one of the procedure's fields.
 */
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import { breachLogEntryFor } from '../../src/core/incidents/breach-log-entry';
import type { Incident } from '../../src/core/incidents/incident';
import { reportIncident } from '../../src/core/incidents/report-incident';
import { Procedure } from '../../src/core/policy/schema';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

const SCHOOL = 'oakfield-primary';
let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-01T11:20:00Z'));
});
afterEach(async () => env.cleanup());

const entries = () => env.deps.store.query<FilteringEntry>('filtering', { schoolId: SCHOOL });

test('finished twice from the same unsubmitted wizard (a retry after a crash): one incident, one breach entry', async () => {
  const { ref } = await walkReport(env.deps, 'filtering-breach', { stopAt: 'review' });
  const before = await env.deps.store.get<WizardState>('wizards', ref.schoolId, ref.wizardId);
  if (!before) throw new Error('no wizard');
  const first = await reportIncident(env.deps, before);
  const second = await reportIncident(env.deps, before);
  expect(second.id).toBe(first.id);
  expect(await env.deps.store.count('incidents', { schoolId: SCHOOL })).toBe(1);
  const logged = await entries();
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ kind: 'breach', status: 'recorded', what: 'https://example.org/page', why: `Filtering breach reported as ${first.reference}`, incidentId: first.id });
});

test('no address on the form is a "reported breach"; another procedure writes nothing to the filtering log', async () => {
  const breach = env.deps.pack.procedures.find((p) => p.id === 'filtering-breach');
  expect(breach?.filteringLog).toEqual({ kind: 'breach', what: 'url' });
  const incident = {
    id: 'inc-1',
    schoolId: SCHOOL,
    reference: 'ES-2026-0007',
    reporter: { platform: 'teams', userId: 'u', name: 'Pat' },
    reportedAt: '2026-12-01T10:00:00.000Z',
    details: { url: '   ' },
  } as unknown as Incident;
  expect(breachLogEntryFor(incident, breach)?.what).toBe('reported breach');
  expect(
    breachLogEntryFor(
      incident,
      env.deps.pack.procedures.find((p) => p.id === 'online-bullying-of-pupil'),
    ),
  ).toBeUndefined();

  await walkReport(env.deps, 'online-bullying-of-pupil');
  expect(await entries()).toEqual([]);
});

test('the pack refuses a filteringLog naming a field the procedure does not ask for', () => {
  const breach = env.deps.pack.procedures.find((p) => p.id === 'filtering-breach');
  const parsed = Procedure.safeParse({ ...breach, filteringLog: { kind: 'breach', what: 'staff' } });
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).toContain('filteringLog.what must name one of');
  expect(Procedure.safeParse(breach).success).toBe(true);
});
