import { actOnIncident, readFullRecord } from '../../src/core/incidents/act-on-incident';
import type { Incident } from '../../src/core/incidents/incident';
import { nagUrgentIncidents } from '../../src/core/incidents/nag-urgent';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Actor } from '../../src/core/people/actor';
import { checkFields } from '../../src/core/wizard/field-rules';
import { startReport, stepReport } from '../../src/core/incidents/report-wizard';
import { tempDeps } from '../builders/temp-store';
import { sampleFields, teacher, walkReport } from '../builders/walk-wizard';

const dslActor: Actor = { platform: 'teams', userId: 'x', name: 'Alex Wilber', email: 'alexw@example.com' };

let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => (env = await tempDeps()));
afterEach(async () => env.cleanup());

describe('the wizard', () => {
  it('goes back a step, and cancels (even from an old card) without making an incident', async () => {
    const { deps } = env;
    const { ref } = await startReport(deps, teacher);
    let out = await stepReport(deps, ref, teacher, { action: 'next', values: { choice: 'filtering-breach' } });
    expect(out.kind === 'view' && out.view.step).toBe('question');
    out = await stepReport(deps, { ...ref, revision: undefined }, teacher, { action: 'back' });
    expect(out.kind === 'view' && out.view.step).toBe('triage');
    out = await stepReport(deps, ref, teacher, { action: 'cancel' });
    expect(out.kind).toBe('cancelled');
    expect(await deps.store.count('incidents', {})).toBe(0);
  });

  it('shows plain-words errors for a missing description, full pupil names and huge text, and changes nothing else', async () => {
    const { deps } = env;
    const procedure = deps.pack.procedures.find((p) => p.id === 'online-bullying-of-pupil');
    const { ref, outcome } = await walkReport(deps, 'online-bullying-of-pupil', { stopAt: 'details' });
    expect(outcome.kind === 'view' && outcome.view.step).toBe('details');
    const id = { ...ref, revision: undefined };
    const values = { ...sampleFields(procedure!), description: '', pupils: 'Jonathan Smith', evidence: 'x'.repeat(50_000) };
    const out = await stepReport(deps, id, teacher, { action: 'next', values });
    if (out.kind !== 'view') throw new Error('expected a view');
    expect(out.view.step).toBe('details');
    expect(out.view.errors.description).toMatch(/Please fill in/);
    expect(out.view.errors.pupils).toMatch(/initials only/);
    expect(out.view.errors.evidence).toMatch(/too long/);
    expect(await deps.store.count('incidents', {})).toBe(0);
  });

  it("refuses someone else pressing the reporter's card, and audits it", async () => {
    const { deps } = env;
    const { ref } = await startReport(deps, teacher);
    const other: Actor = { platform: 'teams', userId: 'someone-else', name: 'Nosy' };
    await expect(stepReport(deps, ref, other, { action: 'next', values: { choice: 'filtering-breach' } })).rejects.toMatchObject({ code: 'not-permitted' });
    const audit = await deps.store.query<AuditEvent>('audit', { schoolId: ref.schoolId });
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['wizard.step', 'refused']]);
  });

  it('a tampered choice is an error on the card, not a crash', async () => {
    const { deps } = env;
    const { ref } = await startReport(deps, teacher);
    const out = await stepReport(deps, ref, teacher, { action: 'next', values: { choice: '../../etc/passwd' } });
    expect(out.kind === 'view' && out.view.errors.choice).toMatch(/choose/);
  });

  it('a double submission makes one incident, one reference and one set of messages', async () => {
    const { deps } = env;
    const first = await walkReport(deps, 'filtering-breach');
    const again = await Promise.all([1, 2, 3].map(() => stepReport(deps, { ...first.ref, revision: undefined }, teacher, { action: 'submit' })));
    expect(again.every((o) => o.kind === 'submitted')).toBe(true);
    expect(await deps.store.count('incidents', {})).toBe(1);
    expect(await deps.store.count('outbox', { where: [{ field: 'message', op: '=', value: 'report-receipt' }] })).toBe(1);
  });

  it('gives concurrent reports distinct, consecutive reference numbers', async () => {
    const { deps } = env;
    const results = await Promise.all(Array.from({ length: 12 }, () => walkReport(deps, 'filtering-breach')));
    const refs = results.map((r) => (r.outcome.kind === 'submitted' ? r.outcome.incident.reference : '')).sort();
    expect(refs).toEqual(Array.from({ length: 12 }, (_, i) => `ES-2026-${String(i + 1).padStart(4, '0')}`));
  });
});

describe('escalation actions', () => {
  async function report(): Promise<Incident & { _etag: string }> {
    const { outcome } = await walkReport(env.deps, 'grooming-inappropriate-contact');
    if (outcome.kind !== 'submitted') throw new Error('not submitted');
    return outcome.incident;
  }

  it('acknowledge → assign → note → refer → close, each in the chronology, audited, and the reporter told', async () => {
    const { deps } = env;
    const incident = await report();
    const req = { schoolId: incident.schoolId, incidentId: incident.id };
    await actOnIncident(deps, dslActor, { ...req, action: 'acknowledge' });
    await expect(actOnIncident(deps, dslActor, { ...req, action: 'acknowledge' })).rejects.toMatchObject({ code: 'already-acknowledged' });
    const school = deps.pack.schools.find((s) => s.id === incident.schoolId)!;
    const deputy = school.roles['deputy-dsl']!.holders[0]!;
    await actOnIncident(deps, dslActor, { ...req, action: 'assign', values: { assignee: deputy.email ?? deputy.teamsUserId } });
    await actOnIncident(deps, dslActor, { ...req, action: 'add-note', values: { note: 'Spoke to the class teacher.' } });
    await expect(actOnIncident(deps, dslActor, { ...req, action: 'refer', values: { agency: 'the-moon' } })).rejects.toMatchObject({ code: 'invalid-input' });
    await actOnIncident(deps, dslActor, { ...req, action: 'refer', values: { agency: 'ceop', note: 'CEOP ref 123' } });
    await expect(actOnIncident(deps, dslActor, { ...req, action: 'close', values: {} })).rejects.toMatchObject({ code: 'invalid-input' });
    const closed = await actOnIncident(deps, dslActor, { ...req, action: 'close', values: { outcome: 'Parents informed; CEOP advice followed.' } });
    expect(closed.status).toBe('closed');
    expect(closed.owner?.name).toBe(deputy.name);
    expect(closed.chronology.map((c) => c.action)).toEqual(['reported', 'routed', 'acknowledged', 'assigned', 'note', 'referred', 'closed']);
    const audit = await deps.store.query<AuditEvent>('audit', { schoolId: incident.schoolId, where: [{ field: 'outcome', op: '=', value: 'ok' }] });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['incident.reported', 'incident.acknowledge', 'incident.assign', 'incident.add-note', 'incident.refer', 'incident.close']));
    const reporterNews = await deps.store.query<OutboxMessage>('outbox', { where: [{ field: 'message', op: '=', value: 'reporter-update' }] });
    expect(reporterNews.map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringMatching(/picked up/), expect.stringMatching(/closed/)]));
    expect(reporterNews.every((m) => !m.text?.includes('CEOP ref'))).toBe(true);
  });

  it('a decision not to refer needs a reason', async () => {
    const incident = await report();
    const req = { schoolId: incident.schoolId, incidentId: incident.id, action: 'no-referral' as const };
    await expect(actOnIncident(env.deps, dslActor, { ...req, values: { reason: '  ' } })).rejects.toMatchObject({ code: 'invalid-input' });
    const saved = await actOnIncident(env.deps, dslActor, { ...req, values: { reason: 'Threshold not met; handled in school.' } });
    expect(saved).toMatchObject({ status: 'not-referred', noReferralReason: 'Threshold not met; handled in school.' });
  });

  it('refuses anyone who is not a safeguarding lead, changes nothing, and audits the attempt', async () => {
    const incident = await report();
    const req = { schoolId: incident.schoolId, incidentId: incident.id };
    await expect(actOnIncident(env.deps, teacher, { ...req, action: 'acknowledge' })).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(readFullRecord(env.deps, teacher, req)).rejects.toMatchObject({ code: 'not-permitted' });
    const stored = await env.deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
    expect(stored?.status).toBe('reported');
    const refused = await env.deps.store.query<AuditEvent>('audit', { where: [{ field: 'outcome', op: '=', value: 'refused' }] });
    expect(refused.map((a) => a.action).sort()).toEqual(['incident.acknowledge', 'incident.full-record']);
    await readFullRecord(env.deps, dslActor, req);
    expect(
      await env.deps.store.count('audit', {
        where: [
          { field: 'action', op: '=', value: 'incident.full-record' },
          { field: 'outcome', op: '=', value: 'ok' },
        ],
      }),
    ).toBe(1);
  });

  it('two leads acting at once both land in the chronology (no lost update)', async () => {
    const incident = await report();
    const req = { schoolId: incident.schoolId, incidentId: incident.id, action: 'add-note' as const };
    await Promise.all([1, 2, 3, 4].map((n) => actOnIncident(env.deps, dslActor, { ...req, values: { note: `note ${n}` } })));
    const stored = await env.deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
    expect(stored?.chronology.filter((c) => c.action === 'note')).toHaveLength(4);
  });

  it('nags every N minutes until acknowledged, then escalates to the head after M minutes, once per slot', async () => {
    const incident = await report();
    const school = env.deps.pack.schools.find((s) => s.id === incident.schoolId)!;
    env.clock.advance(school.urgent.renotifyMinutes * 60_000 + 1000);
    expect(await nagUrgentIncidents(env.deps)).toBe(1);
    expect(await nagUrgentIncidents(env.deps)).toBe(0);
    env.clock.advance(school.urgent.escalateToHeadAfterMinutes * 60_000);
    await nagUrgentIncidents(env.deps);
    const nags = await env.deps.store.query<OutboxMessage>('outbox', { where: [{ field: 'message', op: '=', value: 'urgent-reminder' }] });
    expect(nags.some((n) => n.to.kind === 'holder' && n.to.holder.name === 'Adele Vance')).toBe(true);
    await actOnIncident(env.deps, dslActor, { schoolId: incident.schoolId, incidentId: incident.id, action: 'acknowledge' });
    env.clock.advance(60 * 60_000);
    expect(await nagUrgentIncidents(env.deps)).toBe(0);
  });
});

describe('pupils recorded as initials', () => {
  const field = [{ id: 'pupils' as const, required: true }];
  const check = (pupils: string) => checkFields(field, { pupils }, env.deps.pack.schools[0]!, new Date()).pupils;
  it.each(['J.S.', 'AB 5C (target); CD 6R', 'J.S. and A.B. (Year 4)', 'JS, AB, CD'])('accepts %s', (value) => expect(check(value)).toBeUndefined());
  it.each(['Jonathan Smith', 'AB and Jonathan', 'smith, Jo Bloggs'])('refuses %s', (value) => expect(check(value)).toMatch(/initials only/));
});

describe('"What happened?"', () => {
  it('offers danger first, then the pack menu order, "something else" and "Not sure" last', async () => {
    const { view } = await startReport(env.deps, teacher);
    const values = view.choices!.map((c) => c.value);
    expect(values[0]).toBe('danger-now');
    expect(values.slice(1, -1)).toEqual(env.deps.pack.triage.menu);
    expect(values.at(-2)).toBe('other-online-concern');
    expect(values.at(-1)).toBe('not-sure');
  });
});

describe('reference numbers across instances', () => {
  it('stay unique and consecutive when two instances share one store (the etag path, not the in-process queue)', async () => {
    const { allocateReference } = await import('../../src/core/incidents/reference-number');
    const store = env.deps.store;
    // Two distinct store objects over the same data behave like two app instances.
    const instance = (): typeof store => ({
      get: (...a) => store.get(...a),
      create: (...a) => store.create(...a),
      replace: (...a) => store.replace(...a),
      upsert: (...a) => store.upsert(...a),
      delete: (...a) => store.delete(...a),
      query: (...a) => store.query(...a),
      count: (...a) => store.count(...a),
      close: () => store.close(),
    });
    const [a, b] = [instance(), instance()];
    const refs = await Promise.all(Array.from({ length: 20 }, (_, i) => allocateReference(i % 2 ? a : b, 'oakfield-primary', 'ES', 2026, `wizard-${i}`)));
    expect([...refs].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ES-2026-${String(i + 1).padStart(4, '0')}`));

    // One report submitted on both instances at once gets one number, and the next report the next one: no gap.
    const twice = await Promise.all([allocateReference(a, 'oakfield-primary', 'ES', 2026, 'wizard-x'), allocateReference(b, 'oakfield-primary', 'ES', 2026, 'wizard-x')]);
    expect(twice).toEqual(['ES-2026-0021', 'ES-2026-0021']);
    expect(await allocateReference(b, 'oakfield-primary', 'ES', 2026, 'wizard-y')).toBe('ES-2026-0022');
  });
});
