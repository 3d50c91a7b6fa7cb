/**
 * The plan of who does what, over every procedure × every answer that changes routing × who the concern
 * is about: every task's holder is told and given it unless they may be the subject, then the next on
 * the chain is; the subject never receives anything; nobody without a part does.
 */
import { chainFor } from '../../src/core/assignments/stand-in-chains';
import { fanOutMessages } from '../../src/core/assignments/fan-out';
import { planAssignments, type PlanInput, type SubjectRoles } from '../../src/core/assignments/plan-assignments';
import { personKey } from '../../src/core/people/person-key';
import { roleHolders } from '../../src/core/people/role-holders';
import type { Procedure, School } from '../../src/core/policy/schema';
import { assess } from '../../src/core/wizard/assessment';
import { shippedPack as pack } from '../builders/temp-store';

const school = pack.schools[0] as School;

/** Every set of answers a reporter can give a procedure without switching to another. */
function answerPaths(procedure: Procedure): Array<Record<string, string>> {
  const paths: Array<Record<string, string>> = [];
  const walk = (answers: Record<string, string>) => {
    const next = procedure.questions.find((q) => answers[q.id] === undefined && (!q.when || answers[q.when.question] === q.when.answer));
    if (!next) return void paths.push(answers);
    for (const option of next.options.filter((o) => !o.sets.switchTo)) walk({ ...answers, [next.id]: option.value });
  };
  walk({});
  return paths;
}

const SUBJECT_ROLES: SubjectRoles[] = [
  [],
  'not-sure',
  ...Object.keys(school.roles)
    .filter((r) => !['head', 'chair-of-governors'].includes(r))
    .map((r) => [r]),
];

interface Case {
  name: string;
  input: PlanInput;
}

const cases: Case[] = pack.procedures.flatMap((procedure) =>
  answerPaths(procedure).flatMap((answers) =>
    (procedure.askImmediateRisk ? [false, true] : [false]).flatMap((immediateRisk) => {
      const assessment = assess(procedure, { answers, immediateRisk });
      const base = { ...assessment, pack, school, procedure, answers };
      const name = `${procedure.id} ${JSON.stringify(answers)}${immediateRisk ? ' danger' : ''}`;
      if (assessment.subject !== 'staff') return [{ name, input: base }];
      return SUBJECT_ROLES.map((subjectRoles) => ({ name: `${name} staff-roles=${JSON.stringify(subjectRoles)}`, input: { ...base, subjectRoles } }));
    }),
  ),
);

const holdersOf = (role: string) => roleHolders(pack, school, role);

describe('the plan holds for every procedure, answer and subject', () => {
  it('covers many combinations', () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { input }) => {
    const { plan, tasks } = planAssignments(input);
    const excluded = new Set(plan.excludedPeople);
    const planned = new Map(plan.people.map((p) => [p.key, p]));

    // The subject never receives anything, whatever else.
    for (const key of excluded) expect(planned.has(key)).toBe(false);
    if (input.subject === 'head') expect(holdersOf('head').every((h) => excluded.has(personKey(h)))).toBe(true);
    if (input.subject === 'dsl') expect(holdersOf('dsl').every((h) => excluded.has(personKey(h)))).toBe(true);
    if (input.subject === 'staff' && Array.isArray(input.subjectRoles)) {
      for (const role of input.subjectRoles) expect(holdersOf(role).every((h) => excluded.has(personKey(h)))).toBe(true);
    }
    if (input.subject === 'staff' && input.subjectRoles === 'not-sure') {
      for (const role of ['dsl', 'deputy-dsl', 'esafety-lead', 'it-technician', 'senco']) expect(plan.excludedRoles).toContain(role);
    }

    // Every task's owner is told and given it, unless they may be the subject: then the chain's next.
    for (const task of tasks.filter((t) => t.role !== 'reporter')) {
      if (task.unassigned) {
        expect(plan.unassignedTaskIds).toContain(task.id);
        continue;
      }
      expect(plan.excludedRoles).not.toContain(task.role);
      const holders = holdersOf(task.role).filter((h) => !excluded.has(personKey(h)));
      expect(holders.length).toBeGreaterThan(0);
      for (const h of holders) expect(planned.get(personKey(h))?.taskIds).toContain(task.id);
      if (task.namedRole) {
        const chain = chainFor(pack, task.namedRole);
        const first = chain.find((r) => !plan.excludedRoles.includes(r) && holdersOf(r).some((h) => !excluded.has(personKey(h))));
        expect(task.role).toBe(first);
        expect(plan.standIns.map((s) => s.from)).toContain(task.namedRole);
      }
    }

    // Nobody else: each person leads, holds a task, or is informed through a role the procedure names.
    const informable = new Set([...input.procedure.notify, ...(plan.urgent ? ['head'] : [])]);
    for (const person of plan.people) {
      if (person.part === 'inform') {
        expect(person.taskIds).toEqual([]);
        expect(person.roles.some((r) => informable.has(r))).toBe(true);
      } else if (person.part === 'task') {
        expect(person.taskIds.length).toBeGreaterThan(0);
      }
    }
    // "You do not need to do anything" only to someone with nothing to do.
    for (const message of fanOutMessages({ id: 'inc-x', schoolId: school.id, routing: plan, tasks: tasks.map((t) => ({ id: t.id, text: t.text, ownerRole: t.role, due: '', done: false })) })) {
      if (message.to.kind === 'holder') {
        const key = message.to.holder.key;
        expect(excluded.has(key)).toBe(false);
        if (message.message === 'inform-role') expect(planned.get(key)?.taskIds).toEqual([]);
        if (message.message === 'task-assignment') expect(message.taskIds?.length).toBeGreaterThan(0);
      }
    }

    // A concern about an adult at school never goes to a shared channel; someone always leads.
    if (['staff', 'head', 'dsl'].includes(input.subject)) expect(plan.destination.kind).toBe('role-direct');
    expect(plan.people.some((p) => p.part === 'lead')).toBe(true);
    if (input.immediateRisk) expect(plan).toMatchObject({ urgent: true, safeguarding: true, priority: 'urgent' });
  });
});

describe('the cases found when it was tried as a new user would', () => {
  const plan = (procedureId: string, answers: Record<string, string>, subjectRoles?: SubjectRoles) => {
    const procedure = pack.procedures.find((p) => p.id === procedureId) as Procedure;
    const assessment = assess(procedure, { answers, immediateRisk: false });
    return planAssignments({ ...assessment, pack, school, procedure, answers, subjectRoles });
  };
  const person = (p: ReturnType<typeof plan>, name: string) => p.plan.people.find((x) => x.name === name);
  const taskTexts = (p: ReturnType<typeof plan>, name: string) => (person(p, name)?.taskIds ?? []).map((id) => p.tasks.find((t) => t.id === id)?.text ?? '');

  it('indecent images on a staff device: the head leads; the DSL is told and holds the police and LADO tasks', () => {
    const p = plan('indecent-images-of-children', { 'where-found': 'staff-device', 'staff-who': 'other-staff', 'child-known': 'no-or-unknown' }, []);
    expect(p.plan.destination).toEqual({ kind: 'role-direct', role: 'head' });
    expect(person(p, 'Adele Vance')?.part).toBe('lead');
    expect(taskTexts(p, 'Alex Wilber').join(' ')).toMatch(/Ring the police/);
    expect(taskTexts(p, 'Alex Wilber').join(' ')).toMatch(/LADO/);
  });

  it('a concern about the head teacher: the chair leads, the DSL and the trust lead get their tasks, the head nothing', () => {
    const p = plan('head-teacher-misuse', { 'what-kind': 'offensive' });
    expect(p.plan.destination).toEqual({ kind: 'role-direct', role: 'chair-of-governors' });
    expect(person(p, 'Adele Vance')).toBeUndefined();
    expect(person(p, 'Patti Fernandez')?.part).toBe('lead');
    expect(person(p, 'Alex Wilber')?.part).toBe('task');
    expect(person(p, 'Dr Helen Carter')?.taskIds.length).toBeGreaterThan(0);
  });

  it("a concern about the DSL: the deputies take the DSL's tasks, the head leads, the DSL (also the online-safety lead) hears nothing", () => {
    const p = plan('adult-misuse-of-school-it', { 'is-head': 'no', 'is-dsl': 'yes', 'what-kind': 'offensive' });
    expect(person(p, 'Alex Wilber')).toBeUndefined();
    expect(person(p, 'Adele Vance')?.part).toBe('lead');
    expect(p.plan.people.filter((x) => x.roles.includes('deputy-dsl')).every((x) => x.taskIds.length > 0)).toBe(true);
  });

  it('a concern about the network manager: their tasks pass along the chain and they hear nothing', () => {
    const p = plan('adult-misuse-of-school-it', { 'is-head': 'no', 'is-dsl': 'no', 'what-kind': 'offensive' }, ['it-technician']);
    expect(person(p, 'Sam Reid')).toBeUndefined();
    expect(p.plan.standIns).toContainEqual({ from: 'it-technician', to: 'head', why: 'may-be-subject' });
  });

  it('a lost unencrypted memory stick: the Data Protection Officer leads, with the ICO task due in 72 hours', () => {
    const p = plan('personal-data-breach', { 'what-happened': 'lost-device', encrypted: 'no', sensitive: 'no' });
    expect(p.plan.destination).toEqual({ kind: 'role-direct', role: 'dpo' });
    const ico = p.tasks.find((t) => /ICO/.test(t.text));
    expect(ico).toMatchObject({ role: 'dpo', due: '72 hours' });
    expect(person(p, 'Adele Vance')?.part).toBe('task');
  });

  it('the technician with a task is given it, not told "for information"', () => {
    const p = plan(
      'inappropriate-site-unintentional',
      Object.fromEntries((pack.procedures.find((x) => x.id === 'inappropriate-site-unintentional') as Procedure).questions.map((q) => [q.id, q.options.find((o) => !o.sets.switchTo)?.value ?? ''])),
    );
    expect(person(p, 'Sam Reid')?.part).toBe('task');
  });
});
