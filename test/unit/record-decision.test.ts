/**
 * Recording what was decided and done (core): each decision is stored as fields on the incident, in its
 * chronology and in the audit (codes only); only the incident's leads may; bad values change nothing;
 * a lost race is re-applied on the fresh record; a referral's follow-up day makes a task for the lead.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { sanctionActionChoices, sanctionActionValue } from '../../src/core/casefile/decision-form';
import { openDecisionForm, recordDecision } from '../../src/core/casefile/record-decision';
import type { School } from '../../src/core/policy/schema';
import { decisionsSection } from '../../src/core/casefile/decisions-section';
import { caseSectionsFor } from '../../src/core/casefile/record-sections';
import type { CoreDeps } from '../../src/core/deps';
import { InvalidInputError, NotPermittedError } from '../../src/core/errors';
import { actOnIncident } from '../../src/core/incidents/act-on-incident';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import { remindOverdueTasks } from '../../src/core/incidents/remind-overdue-tasks';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Stored } from '../../src/ports/document-store';
import { tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

// The demo pack's Oakfield DSL and a teacher with no role.
const dsl: Actor = { platform: 'teams', userId: 'user-id-0', name: 'Alex Wilber' };
const teacher: Actor = { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' };

let deps: CoreDeps;
let clock: Awaited<ReturnType<typeof tempDeps>>['clock'];
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ deps, clock, cleanup } = await tempDeps(new Date('2026-11-23T10:00:00Z')));
});
afterEach(async () => cleanup());

async function reported(procedureId = 'online-bullying-of-pupil'): Promise<Stored<Incident>> {
  const { outcome } = await walkReport(deps, procedureId);
  if (outcome.kind !== 'submitted') throw new Error('not submitted');
  return outcome.incident;
}

/** The form's values for the sanction actions at these places in the school's list (what a form would send). */
const actionsOf = (incident: Incident, ...at: number[]) => {
  const school = deps.pack.schools.find((s) => s.id === incident.schoolId) as School;
  const offered = sanctionActionChoices(deps.pack, school, incident);
  return at.map((i) => sanctionActionValue(offered[i] as string)).join(',');
};
const load = async (i: Incident) => (await deps.store.get<Incident>('incidents', i.schoolId, i.id)) as Stored<Incident>;
const audits = async () => (await deps.store.query<AuditEvent>('audit', {})).filter((a) => a.action.startsWith('incident.decision.'));
const record = (i: Incident, ref: string, values: Record<string, unknown>, actor: Actor = dsl) => recordDecision(deps, actor, { schoolId: i.schoolId, incidentId: i.id, ref, values });

async function refusedWith(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).fieldErrors;
}

test('parents informed, then the decision not to tell them: both kept, the latest stands, in the chronology and the audit', async () => {
  const incident = await reported();
  await record(incident, 'parents-informed', { on: '2026-11-23', toldBy: 'Alex Wilber', method: 'phone', note: 'Spoke to mum.' });
  clock.advance(60_000);
  const saved = await record(incident, 'parents-not-told', { reason: 'Telling dad could put the child at risk.' });
  expect(saved.parents?.map((p) => p.kind)).toEqual(['informed', 'not-told']);
  expect(saved.parents?.[0]).toMatchObject({ kind: 'informed', on: '2026-11-23', toldBy: 'Alex Wilber', method: 'phone', note: 'Spoke to mum.', recordedBy: { userId: 'user-id-0' } });
  expect(saved.chronology.slice(-2).map((c) => c.action)).toEqual(['parents-informed', 'parents-not-told']);
  expect(saved.chronology.at(-2)?.detail).toBe('By phone, on Mon 23 Nov 2026, by Alex Wilber. Spoke to mum.');
  const events = await audits();
  expect(events.map((a) => [a.action, a.outcome, a.detail])).toEqual([
    ['incident.decision.parents-informed', 'ok', 'method=phone'],
    ['incident.decision.parents-not-told', 'ok', undefined],
  ]);
  // Codes and ids only: nothing the DSL typed reaches the audit.
  // (Ids and etags are random hex, which can spell "dad": only whole words count.)
  expect(JSON.stringify(events)).not.toMatch(/\b(mum|dad|Spoke|risk)\b/i);
  const section = await decisionsSection(deps, deps.pack.schools[0]!, saved, dsl);
  expect(section?.lines[0]).toEqual({
    text: 'Parents or carers not told: decided by Alex Wilber on Mon 23 Nov 2026, 10:01 (1 earlier entry in the chronology)',
    detail: 'Telling dad could put the child at risk.',
  });
});

test("a sanction from the school's pupil table: category, the actions in the school's wording, the day", async () => {
  const incident = await reported();
  const form = await openDecisionForm(deps, dsl, { schoolId: incident.schoolId, incidentId: incident.id, action: 'decision-sanction' });
  const choices = form.fields.find((f) => f.id === 'actions')?.choices ?? [];
  const removed = choices.find((c) => c.label === 'Internet access removed for a time');
  expect(form.fields.find((f) => f.id === 'category')?.choices?.map((c) => c.value)).toEqual(['A', 'B', 'C', 'D']);
  const saved = await record(incident, 'sanction', { category: 'C', actions: `${removed?.value}`, other: 'Apology letter', on: '2026-11-23' });
  expect(saved.sanctions).toEqual([
    expect.objectContaining({
      appliesTo: 'pupil',
      category: 'C',
      categoryTitle: 'Category C: deliberate misuse',
      actions: ['Internet access removed for a time'],
      other: 'Apology letter',
      on: '2026-11-23',
    }),
  ]);
  expect(saved.chronology.at(-1)).toMatchObject({ action: 'sanction', detail: 'Category C: deliberate misuse (pupil), on Mon 23 Nov 2026: Internet access removed for a time; Apology letter' });
  expect((await audits()).at(-1)?.detail).toBe('applies-to=pupil;category=C');
});

test('a concern about a member of staff takes its sanction from the staff table (A and B only)', async () => {
  const incident = await reported('adult-misuse-of-school-it');
  expect(['staff', 'dsl', 'head']).toContain(incident.subject);
  const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };
  const form = await openDecisionForm(deps, head, { schoolId: incident.schoolId, incidentId: incident.id, action: 'decision-sanction' });
  expect(form.fields.find((f) => f.id === 'category')?.choices?.map((c) => c.value)).toEqual(['A', 'B']);
  expect(await refusedWith(record(incident, 'sanction', { category: 'C', actions: actionsOf(incident, 0), on: '2026-11-23' }, head))).toEqual({ category: 'Please choose a category from the list.' });
  const saved = await record(incident, 'sanction', { category: 'B', actions: actionsOf(incident, 0), on: '2026-11-23' }, head);
  expect(saved.sanctions?.[0]).toMatchObject({ appliesTo: 'staff', category: 'B', categoryTitle: 'Category B: gross misconduct' });
});

test('referral details: date, reference, advice, outcome; the follow-up day is a task for the lead, due that day, with its reminder', async () => {
  const incident = await reported();
  await actOnIncident(deps, dsl, { schoolId: incident.schoolId, incidentId: incident.id, action: 'refer', values: { agency: 'childrens-social-care' } });
  const saved = await record(incident, 'referral:0', {
    referredOn: '2026-11-23',
    referenceNumber: 'CSC/123',
    advice: 'Monitor and review.',
    outcome: 'No further action by them.',
    followUpOn: '2026-11-27',
  });
  expect(saved.referrals[0]).toMatchObject({
    agency: 'childrens-social-care',
    referredOn: '2026-11-23',
    referenceNumber: 'CSC/123',
    advice: 'Monitor and review.',
    outcome: 'No further action by them.',
    followUpOn: '2026-11-27',
  });
  const task = saved.tasks.find((t) => t.id === saved.referrals[0]?.followUpTaskId);
  // The pack's working hours end at 16:30 in London (GMT in November).
  expect(task).toMatchObject({ ownerRole: 'dsl', ownerName: 'Alex Wilber', status: 'open', due: '2026-11-27T16:30:00.000Z' });
  expect(task?.text).toContain('(reference CSC/123)');
  expect(saved.chronology.at(-1)?.action).toBe('referral-details');
  expect((await audits()).at(-1)?.detail).toBe('agency=childrens-social-care;follow-up=yes');

  // Overdue on the Monday after, the lead is reminded of it.
  clock.set(new Date('2026-11-30T10:00:00Z'));
  await remindOverdueTasks(deps);
  const reminders = (await deps.store.query<OutboxMessage>('outbox', {})).filter((m) => m.message === 'task-reminder' && (m.taskIds ?? []).includes(task?.id ?? ''));
  expect(reminders.length).toBeGreaterThan(0);

  // A new day replaces the old task (marked not needed) with a new one.
  const moved = await record(incident, 'referral:0', { referredOn: '2026-11-23', followUpOn: '2026-12-04' });
  expect(moved.tasks.find((t) => t.id === task?.id)).toMatchObject({ status: 'not-needed', reason: 'The follow-up day was changed.' });
  expect(moved.tasks.find((t) => t.id === moved.referrals[0]?.followUpTaskId)).toMatchObject({ status: 'open', due: '2026-12-04T16:30:00.000Z' });
  expect(moved.referrals[0]?.referenceNumber).toBeUndefined();
});

test('LADO contact: day, officer, advice and reference', async () => {
  const incident = await reported('adult-misuse-of-school-it');
  const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };
  const saved = await record(incident, 'lado', { on: '2026-11-23', officer: 'Pat Officer', advice: 'Do not speak to the member of staff yet.', referenceNumber: 'LADO-77' }, head);
  expect(saved.ladoContacts).toEqual([expect.objectContaining({ on: '2026-11-23', officer: 'Pat Officer', advice: 'Do not speak to the member of staff yet.', referenceNumber: 'LADO-77' })]);
  expect(saved.chronology.at(-1)?.action).toBe('lado-contact');
});

test('reopen needs a closed incident and a reason; it goes back to in progress and keeps the old outcome', async () => {
  const incident = await reported();
  await expect(openDecisionForm(deps, dsl, { schoolId: incident.schoolId, incidentId: incident.id, action: 'decision-reopen' })).rejects.toThrow('is not closed');
  await actOnIncident(deps, dsl, { schoolId: incident.schoolId, incidentId: incident.id, action: 'close', values: { outcome: 'Resolved with both families.' } });
  await expect(record(incident, 'sanction', { category: 'A', actions: actionsOf(incident, 0), on: '2026-11-23' })).rejects.toThrow('Reopen it first');
  expect(await refusedWith(record(incident, 'reopen', { reason: '   ' }))).toEqual({ reason: 'Please write why it is being reopened.' });
  const saved = await record(incident, 'reopen', { reason: 'More messages were found.' });
  expect(saved.status).toBe('in-progress');
  expect(saved.closedAt).toBeUndefined();
  expect(saved.reopenings?.[0]).toMatchObject({ reason: 'More messages were found.', previousOutcome: 'Resolved with both families.' });
  expect(saved.chronology.at(-1)).toMatchObject({ action: 'reopened', detail: 'More messages were found.' });
  const section = await decisionsSection(deps, deps.pack.schools[0]!, saved, dsl);
  expect(section?.actions.map((a) => a.label)).toContain('Change type');
});

test('change of type: to another procedure of the pack, with a reason; the routing is not planned again and the record says so', async () => {
  const incident = await reported();
  expect(await refusedWith(record(incident, 'type', { procedure: incident.procedureId, reason: 'x' }))).toEqual({ procedure: 'Please choose the new type from the list.' });
  expect(await refusedWith(record(incident, 'type', { procedure: 'no-such-procedure', reason: 'x' }))).toEqual({ procedure: 'Please choose the new type from the list.' });
  const saved = await record(incident, 'type', { procedure: 'online-hate', reason: 'The messages were about race.' });
  expect(saved).toMatchObject({ procedureId: 'online-hate', procedureTitle: deps.pack.procedures.find((p) => p.id === 'online-hate')?.title });
  expect(saved.routing).toEqual(incident.routing);
  expect(saved.typeChanges?.[0]).toMatchObject({ from: { procedureId: 'online-bullying-of-pupil' }, to: { procedureId: 'online-hate' }, reason: 'The messages were about race.' });
  expect(saved.chronology.at(-1)?.detail).toContain('does not work out again who must know');
  expect((await audits()).at(-1)?.detail).toBe('from=online-bullying-of-pupil;to=online-hate');
});

test('someone who is not a lead is refused, audited, and nothing changes', async () => {
  const incident = await reported();
  const before = await load(incident);
  await expect(record(incident, 'parents-informed', { on: '2026-11-23', toldBy: 'Sam', method: 'phone' }, teacher)).rejects.toBeInstanceOf(NotPermittedError);
  await expect(openDecisionForm(deps, teacher, { schoolId: incident.schoolId, incidentId: incident.id, action: 'decision-lado' })).rejects.toBeInstanceOf(NotPermittedError);
  expect((await audits()).map((a) => [a.action, a.outcome, a.actor.userId])).toEqual([
    ['incident.decision.parents-informed', 'refused', teacher.userId],
    ['incident.decision.lado', 'refused', teacher.userId],
  ]);
  expect(await load(incident)).toEqual(before);
  // A reader who is not a lead sees no buttons.
  const section = await decisionsSection(deps, deps.pack.schools[0]!, before, teacher);
  expect(section?.actions).toEqual([]);
});

test('bad dates, an unknown category or action, huge text and a tampered form are refused with nothing changed', async () => {
  const incident = await reported();
  const before = await load(incident);
  const informed = { toldBy: 'Alex Wilber', method: 'phone' };
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '2026-02-30' }))).toEqual({
    on: 'That is not a real date: please choose the day they were told from the calendar.',
  });
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '23/11/2026' }))).toEqual({
    on: 'That is not a real date: please choose the day they were told from the calendar.',
  });
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '2026-11-24' }))).toEqual({ on: 'That day is in the future: please choose today or an earlier day.' });
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '2026-11-01' }))).toEqual({
    on: 'That day is before the incident was reported (Mon 23 Nov 2026): please check it.',
  });
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '2026-11-23', method: 'carrier-pigeon' }))).toEqual({ method: 'Please choose how they were told.' });
  expect(await refusedWith(record(incident, 'parents-informed', { ...informed, on: '2026-11-23', note: 'x'.repeat(2001) }))).toEqual({ note: 'Please keep the note under 2000 characters.' });
  expect(await refusedWith(record(incident, 'parents-not-told', { reason: 'x'.repeat(1_000_000) }))).toEqual({ reason: 'Please keep the reason under 2000 characters.' });
  expect(await refusedWith(record(incident, 'sanction', { category: 'E', actions: actionsOf(incident, 0), on: '2026-11-23' }))).toEqual({ category: 'Please choose a category from the list.' });
  expect(await refusedWith(record(incident, 'sanction', { category: 'A', actions: '0,99', on: '2026-11-23' }))).toEqual({ actions: 'Please choose what was done from the list.' });
  // A form opened before the school reworded an action: its fingerprint is no longer in the list, so nothing is saved.
  expect(
    await refusedWith(record(incident, 'sanction', { category: 'A', actions: `${actionsOf(incident, 0)},${sanctionActionValue('An action the table no longer has')}`, on: '2026-11-23' })),
  ).toEqual({
    actions: "The school's list of sanctions has changed since this form was opened. Please choose again from the list.",
  });
  expect(await refusedWith(record(incident, 'sanction', { category: 'A', actions: '', on: '2026-11-23' }))).toEqual({ actions: 'Please choose what was done, or write it in the box below.' });
  expect(await refusedWith(record(incident, 'lado', { on: '2026-11-23', officer: { name: 'x' }, advice: 'a' }))).toEqual({ officer: "Please write the officer's name." });
  await actOnIncident(deps, dsl, { schoolId: incident.schoolId, incidentId: incident.id, action: 'refer', values: { agency: 'police' } });
  const referred = await load(incident);
  expect(await refusedWith(record(incident, 'referral:0', { referredOn: '2026-11-23', followUpOn: '2026-11-20' }))).toEqual({
    followUpOn: 'The follow-up day has already passed: please choose today or a later day.',
  });
  expect(await refusedWith(record(incident, 'referral:0', { referredOn: '2026-11-23', followUpOn: '2028-01-01' }))).toEqual({ followUpOn: 'Please choose a follow-up day within a year.' });
  await expect(record(incident, 'referral:5', { referredOn: '2026-11-23' })).rejects.toThrow('could not be found');
  for (const ref of ['referral', 'parents-informed:0', 'nonsense', 42, undefined, 'sanction/../x']) {
    await expect(record(incident, ref as string, {})).rejects.toThrow("This form's details were not recognised");
  }
  expect(await load(incident)).toEqual(referred);
  expect(referred.chronology.length).toBe(before.chronology.length + 1);
  expect((await audits()).filter((a) => a.outcome === 'ok')).toEqual([]);
});

test('two leads at the same moment: both decisions are kept (the one that lost the race is applied on the fresh record)', async () => {
  const incident = await reported();
  const deputy: Actor = { platform: 'teams', userId: 'user-id-1', name: 'Megan Bowen' };
  await Promise.all([
    record(incident, 'parents-informed', { on: '2026-11-23', toldBy: 'Alex Wilber', method: 'letter' }),
    record(incident, 'lado', { on: '2026-11-23', officer: 'Pat Officer', advice: 'None needed.' }, deputy),
    record(incident, 'sanction', { category: 'A', actions: actionsOf(incident, 0), on: '2026-11-23' }, deputy),
  ]);
  const saved = await load(incident);
  expect(saved.parents).toHaveLength(1);
  expect(saved.ladoContacts).toHaveLength(1);
  expect(saved.sanctions).toHaveLength(1);
  expect(saved.chronology.filter((c) => ['parents-informed', 'lado-contact', 'sanction'].includes(c.action))).toHaveLength(3);
});

test('the full record lists the decisions section with its buttons for a lead', async () => {
  const incident = await reported();
  const sections = await caseSectionsFor(deps, deps.pack.schools[0]!, await load(incident), dsl);
  const decisions = sections.find((s) => s.id === 'decisions');
  expect(decisions?.heading).toBe('What was decided and done');
  expect(decisions?.actions.map((a) => a.label)).toEqual(['Parents informed', 'Parents not told', 'Sanction', 'LADO contact', 'Change type']);
  expect(decisions?.emptyLine).toBeDefined();
});
