import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Incident } from '../../src/core/incidents/incident';
import type { Question } from '../../src/core/policy/schema';
import type { AssignmentPlan } from '../../src/core/assignments/assignment-plan';

type Destination = AssignmentPlan['destination'];
import { shippedPack, tempDeps } from '../builders/temp-store';
import { stayInProcedure, walkReport } from '../builders/walk-wizard';

const dsl: Destination = { kind: 'dsl-channel' };
const to = (role: 'head' | 'chair-of-governors' | 'esafety-lead' | 'dpo'): Destination => ({ kind: 'role-direct', role });

/** Each procedure's default path (no immediate danger; first answer that stays in the procedure). */
const DEFAULT_PATH: Record<string, { destination: Destination; urgent: boolean }> = {
  'adult-misuse-of-school-it': { destination: to('head'), urgent: false },
  'child-in-danger': { destination: dsl, urgent: true },
  'filtering-breach': { destination: to('esafety-lead'), urgent: false },
  'grooming-inappropriate-contact': { destination: dsl, urgent: true },
  'head-teacher-misuse': { destination: to('chair-of-governors'), urgent: false },
  'inappropriate-site-deliberate': { destination: dsl, urgent: false },
  'inappropriate-site-unintentional': { destination: to('esafety-lead'), urgent: false },
  'indecent-images-of-children': { destination: dsl, urgent: true },
  'malicious-comments-online': { destination: dsl, urgent: true },
  'online-bullying-of-pupil': { destination: dsl, urgent: true },
  'online-bullying-of-staff': { destination: dsl, urgent: true },
  'online-hate': { destination: dsl, urgent: true },
  'online-sexual-abuse-exploitation': { destination: dsl, urgent: true },
  'other-online-concern': { destination: dsl, urgent: false },
  'personal-data-breach': { destination: to('dpo'), urgent: true },
  'radicalisation-extremism': { destination: dsl, urgent: true },
  'suicide-self-harm-eating-disorder-sites': { destination: dsl, urgent: true },
  'youth-produced-sexual-imagery': { destination: dsl, urgent: true },
};

const answering = (answers: Record<string, string>) => (q: Question) => answers[q.id] ?? stayInProcedure(q);

describe('every procedure: a report walks from "What happened?" to an incident record', () => {
  it('has an expected route for every procedure in the pack', () => {
    expect(Object.keys(DEFAULT_PATH).sort()).toEqual(shippedPack.procedures.map((p) => p.id).sort());
  });

  it.each(shippedPack.procedures.map((p) => p.id))('%s', async (procedureId) => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome } = await walkReport(deps, procedureId);
      if (outcome.kind !== 'submitted') throw new Error(`ended at ${outcome.kind}`);
      const incident = outcome.incident;
      expect(incident.procedureId).toBe(procedureId);
      expect(incident.packVersion).toBe(shippedPack.version);
      expect(incident.reference).toMatch(/^ES-2026-0001$/);
      expect(incident.status).toBe('reported');
      expect(incident.routing.destination).toEqual(DEFAULT_PATH[procedureId]?.destination);
      expect(incident.routing.urgent).toBe(DEFAULT_PATH[procedureId]?.urgent);
      expect(incident.chronology.map((c) => c.action)).toEqual(['reported', 'routed']);
      const outbox = await deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId });
      expect(outbox.map((m) => m.message).sort()).toEqual(expect.arrayContaining(['report-receipt', incident.routing.destination.kind === 'dsl-channel' ? 'dsl-escalation' : 'role-escalation']));
      // Everyone with a task has a message of their own or is reached by the channel's card.
      for (const person of incident.routing.people.filter((p) => p.taskIds.length)) {
        expect(outbox.some((m) => (m.to.kind === 'holder' && m.to.holder.key === person.key) || (person.viaChannel && m.to.kind === 'dsl-channel'))).toBe(true);
      }
      // The receipt never says anyone has been told: the platforms have not answered yet.
      expect(outcome.receipt.toldHeading).toBe('Who it is going to');
      expect(outcome.receipt.toldRoles.join(' ')).not.toMatch(/J\.S\./);
    } finally {
      await cleanup();
    }
  });
});

describe('branching routes a concern about an adult away from them', () => {
  const cases: Array<[string, string, Record<string, string>, Destination, string]> = [
    ['misuse by the head', 'adult-misuse-of-school-it', { 'is-head': 'yes' }, to('chair-of-governors'), 'head-teacher-misuse'],
    ['misuse by a member of staff', 'adult-misuse-of-school-it', { 'is-head': 'no', 'is-dsl': 'no', 'what-kind': 'offensive' }, to('head'), 'adult-misuse-of-school-it'],
    ["images on the head teacher's device", 'indecent-images-of-children', { 'where-found': 'staff-device', 'staff-who': 'head' }, to('chair-of-governors'), 'indecent-images-of-children'],
    ['images on a staff device', 'indecent-images-of-children', { 'where-found': 'staff-device', 'staff-who': 'other-staff' }, to('head'), 'indecent-images-of-children'],
    ["images on the DSL's device", 'indecent-images-of-children', { 'where-found': 'staff-device', 'staff-who': 'dsl' }, to('head'), 'indecent-images-of-children'],
    [
      'a site opened on purpose by staff',
      'inappropriate-site-unintentional',
      { 'on-purpose': 'yes-staff', 'is-head': 'no', 'is-dsl': 'no', 'what-kind': 'offensive' },
      to('head'),
      'adult-misuse-of-school-it',
    ],
    [
      'the head found with images: stays with the chair after the switch',
      'head-teacher-misuse',
      { 'what-kind': 'child-sexual-images', 'where-found': 'website' },
      to('chair-of-governors'),
      'indecent-images-of-children',
    ],
  ];
  it.each(cases)('%s', async (_name, start, answers, destination, endsIn) => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome } = await walkReport(deps, start, { choose: answering(answers) });
      if (outcome.kind !== 'submitted') throw new Error(`ended at ${outcome.kind}`);
      expect(outcome.incident.procedureId).toBe(endsIn);
      expect(outcome.incident.routing.destination).toEqual(destination);
      const outbox = await deps.store.query<OutboxMessage>('outbox', { schoolId: outcome.incident.schoolId });
      expect(outbox.some((m) => m.to.kind === 'dsl-channel')).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it('a child in immediate danger is urgent whatever the procedure, and the head is told or given a task', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome, steps } = await walkReport(deps, 'online-bullying-of-pupil', { immediateRisk: 'yes', choose: answering({ severity: 'one-off' }) });
      if (outcome.kind !== 'submitted') throw new Error('not submitted');
      expect(steps.slice(0, 3)).toEqual(['triage', 'immediate-risk', 'urgent-action']);
      expect((outcome.incident as Incident).routing).toMatchObject({ urgent: true, safeguarding: true, destination: dsl });
      expect(outcome.incident.routing.people.some((p) => p.roles.includes('head'))).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

/** Presses from `report` to the receipt, as in Teams (a choice is two presses: pick, then Next). */
const PRESS_LIMIT = 13;
const DANGER_PRESS_LIMIT = 5;

describe('presses from report to the receipt', () => {
  it.each(shippedPack.procedures.map((p) => p.id))('%s takes no more than the limit', async (procedureId) => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome, presses } = await walkReport(deps, procedureId);
      expect(outcome.kind).toBe('submitted');
      expect(presses).toBeLessThanOrEqual(PRESS_LIMIT);
    } finally {
      await cleanup();
    }
  });

  it('"A child is in danger right now" goes from the 999 advice straight to the few questions that matter', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome, presses, steps } = await walkReport(deps, 'danger-now');
      if (outcome.kind !== 'submitted') throw new Error(`ended at ${outcome.kind}`);
      expect(steps).toEqual(['triage', 'urgent-action', 'question', 'details', 'review']);
      expect(presses).toBeLessThanOrEqual(DANGER_PRESS_LIMIT);
      expect(outcome.incident.routing).toMatchObject({ urgent: true, priority: 'urgent', destination: dsl });
    } finally {
      await cleanup();
    }
  });

  it('after the first advice, a later step keeps one short urgent line, not the whole banner', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { outcome } = await walkReport(deps, 'danger-now', { stopAt: 'details' });
      if (outcome.kind !== 'view') throw new Error('expected a step');
      expect(outcome.view.step).toBe('details');
      expect(outcome.view.urgent?.lines).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });
});
