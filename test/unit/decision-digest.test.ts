/**
 * What was decided and done feeds the weekly digest (the week's decisions, on Teams and Slack alike),
 * the trust view and the governors' report (lines and CSV columns) as counts only: never a name, a
 * reason or anything anyone typed.
 */
import { digestCardData } from '../../src/adapters/teams/cards/card-data';
import { digestMessage } from '../../src/adapters/slack/views/digest-message';
import { sanctionActionChoices, sanctionActionValue } from '../../src/core/casefile/decision-form';
import { recordDecision } from '../../src/core/casefile/record-decision';
import type { School } from '../../src/core/policy/schema';
import type { CoreDeps } from '../../src/core/deps';
import { countDecisions } from '../../src/core/digest/decision-counts';
import { describeDigest, describeTrustDigest } from '../../src/core/digest/digest-view';
import { readGovernorsReport } from '../../src/core/digest/governors-report';
import { schoolDigest } from '../../src/core/digest/read-digest';
import { actOnIncident } from '../../src/core/incidents/act-on-incident';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import { tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

const dsl: Actor = { platform: 'teams', userId: 'user-id-0', name: 'Alex Wilber' };
const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };
// Words typed into decisions: none may reach a digest or the governors' report.
const SECRET = ['Mrs Secretname', 'Officer Hiddenby', 'REF-SECRET-9', 'because of the risk at home'];

let deps: CoreDeps;
let clock: Awaited<ReturnType<typeof tempDeps>>['clock'];
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ deps, clock, cleanup } = await tempDeps(new Date('2026-11-21T10:00:00Z')));
});
afterEach(async () => cleanup());

async function report(procedureId: string): Promise<Incident> {
  const { outcome } = await walkReport(deps, procedureId);
  if (outcome.kind !== 'submitted') throw new Error('not submitted');
  return outcome.incident;
}
/** The form's value for the sanction action at this place in the school's list (what a form would send). */
const actionAt = (i: Incident, at: number) => sanctionActionValue(sanctionActionChoices(deps.pack, deps.pack.schools.find((s) => s.id === i.schoolId) as School, i)[at] as string);
const decide = (i: Incident, ref: string, values: Record<string, string>, actor: Actor = dsl) => recordDecision(deps, actor, { schoolId: i.schoolId, incidentId: i.id, ref, values });

/** One incident dated September (before the digest's eight weeks); everything else in the digest's week (16–22 Nov 2026). */
async function aTermOfDecisions() {
  const reported = await report('online-bullying-of-pupil');
  const stored = await deps.store.get<Incident>('incidents', reported.schoolId, reported.id);
  const { _etag, ...body } = stored as Incident & { _etag: string };
  const old = await deps.store.replace<Incident>('incidents', { ...body, reportedAt: '2026-09-01T09:00:00.000Z' }, _etag);
  const bullying = await report('online-bullying-of-pupil');
  const hate = await report('online-hate');
  const staff = await report('adult-misuse-of-school-it');
  await decide(bullying, 'parents-informed', { on: '2026-11-21', toldBy: SECRET[0] as string, method: 'phone' });
  await decide(hate, 'parents-informed', { on: '2026-11-21', toldBy: 'Alex Wilber', method: 'email' });
  // Changed their mind: the decision that stands is "not told".
  await decide(hate, 'parents-not-told', { reason: SECRET[3] as string });
  await decide(bullying, 'sanction', { category: 'C', actions: actionAt(bullying, 0), on: '2026-11-21' });
  await decide(hate, 'sanction', { category: 'C', actions: actionAt(hate, 1), on: '2026-11-21' });
  await decide(staff, 'sanction', { category: 'B', actions: actionAt(staff, 0), on: '2026-11-21' }, head);
  await decide(staff, 'lado', { on: '2026-11-21', officer: SECRET[1] as string, advice: 'Wait.', referenceNumber: SECRET[2] as string }, head);
  await actOnIncident(deps, dsl, { schoolId: bullying.schoolId, incidentId: bullying.id, action: 'refer', values: { agency: 'police' } });
  await actOnIncident(deps, dsl, { schoolId: hate.schoolId, incidentId: hate.id, action: 'refer', values: { agency: 'police' } });
  await decide(hate, 'type', { procedure: 'malicious-comments-online', reason: 'x' });
  // The September incident: closed, then reopened this week with a reason (so open again), and parents told.
  await actOnIncident(deps, dsl, { schoolId: old.schoolId, incidentId: old.id, action: 'close', values: { outcome: 'Done.' } });
  await decide(old, 'reopen', { reason: 'More came to light.' });
  await decide(old, 'parents-informed', { on: '2026-11-21', toldBy: 'Alex Wilber', method: 'letter' });
  clock.set(new Date('2026-11-23T08:00:00Z'));
  return { old, bullying, hate, staff };
}

test("the week's decisions in the digest, on both platforms, with an older incident reopened this week counted too", async () => {
  await aTermOfDecisions();
  const school = deps.pack.schools[0]!;
  const digest = await schoolDigest(deps, school, clock.now());
  expect(digest.decisions).toEqual({
    parentsInformed: 2,
    parentsNotTold: 1,
    sanctions: [
      { appliesTo: 'pupil', category: 'C', count: 2 },
      { appliesTo: 'staff', category: 'B', count: 1 },
    ],
    referrals: [{ agency: 'Police', count: 2 }],
    ladoContacts: 1,
    reopened: 1,
    typeChanges: 1,
  });
  const view = describeDigest(digest);
  const section = view.sections.find((s) => s.heading === 'What was decided and done');
  expect(section?.lines).toEqual([
    'Parents or carers informed: 2; decided not to tell them: 1.',
    'Sanctions: pupil category C: 2, staff category B: 1.',
    'Referrals: Police 2.',
    '1 contact with the LADO.',
    '1 incident reopened.',
    '1 change of incident type.',
  ]);
  const teams = JSON.stringify(digestCardData(view));
  const slack = JSON.stringify(digestMessage(view));
  expect(teams).toContain('Sanctions: pupil category C: 2, staff category B: 1.');
  expect(slack).toContain('Sanctions: pupil category C: 2, staff category B: 1.');
  const trust = JSON.stringify(describeTrustDigest('Demo Learning Trust', [digest]));
  expect(trust).toContain('1 contact with the LADO.');
  for (const words of SECRET) for (const shown of [teams, slack, trust]) expect(shown).not.toContain(words);
});

test('a quiet week says nothing was recorded; decisions of another week are not counted', async () => {
  await aTermOfDecisions();
  clock.set(new Date('2026-11-30T08:00:00Z'));
  const view = describeDigest(await schoolDigest(deps, deps.pack.schools[0]!, clock.now()));
  expect(view.sections.find((s) => s.heading === 'What was decided and done')?.lines).toEqual(['Nothing recorded this week.']);
});

test("the governors' report counts what was decided about its incidents, in lines and CSV columns, with nothing typed", async () => {
  const { bullying, staff } = await aTermOfDecisions();
  const report = await readGovernorsReport(deps, head, '2026-11-01', '2026-11-30');
  expect(report.lines.filter((l) => l.startsWith('What was decided and done'))).toEqual([
    'What was decided and done: Parents or carers informed: 1; decided not to tell them: 1.',
    'What was decided and done: Sanctions: pupil category C: 2, staff category B: 1.',
    'What was decided and done: Referrals: Police 2.',
    'What was decided and done: 1 contact with the LADO.',
    'What was decided and done: 1 change of incident type.',
  ]);
  const [header, ...rows] = report.csv.trim().split('\n');
  expect(header).toBe('reference,reported,type,safeguarding,urgent,status,referred_to,closed,parents,sanctions,lado_contacts,reopened,type_changes');
  expect(rows.find((r) => r.startsWith(bullying.reference))).toMatch(/,informed,pupil-C,0,0,0$/);
  expect(rows.find((r) => r.startsWith(staff.reference))).toMatch(/,,staff-B,1,0,0$/);
  for (const words of SECRET) expect(JSON.stringify(report)).not.toContain(words);
});

test('counting is pure: only decisions whose time counts are counted', () => {
  const at = '2026-11-16T10:00:00.000Z';
  const by = { platform: 'teams' as const, userId: 'u', name: 'N' };
  const incident = {
    referrals: [{ agency: 'ceop', at, by }],
    parents: [{ id: 'parents-1', kind: 'not-told', reason: 'r', recordedAt: at, recordedBy: by }],
    sanctions: [{ id: 'sanction-1', appliesTo: 'pupil', category: 'A', categoryTitle: 'A', actions: [], on: '2026-11-21', recordedAt: at, recordedBy: by }],
  } as unknown as Incident;
  expect(countDecisions([incident], () => false)).toEqual({ parentsInformed: 0, parentsNotTold: 0, sanctions: [], referrals: [], ladoContacts: 0, reopened: 0, typeChanges: 0 });
  expect(countDecisions([incident], () => true)).toMatchObject({ parentsNotTold: 1, sanctions: [{ category: 'A', count: 1 }], referrals: [{ agency: 'CEOP', count: 1 }] });
});
