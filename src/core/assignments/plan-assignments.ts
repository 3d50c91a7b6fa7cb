/**
 * `planAssignments`: from the procedure's tasks, the answers and who the concern is about, works out
 * who does what (pure; table-tested over every procedure). Every role that holds a task is given it,
 * unless its holders may be the subject: then the task passes along the pack's chain. The subject never
 * hears of it. Only roles the procedure names with no task are told "for information".
 */
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import type { PersonIdentity, PolicyPack, Procedure, RoleKey, School, Subject } from '../policy/schema';
import { type AssignmentPlan, type PlannedPerson, type Priority, SAFEGUARDING_TEAM, type StandIn } from './assignment-plan';
import { chainFor } from './stand-in-chains';

/** What a concern about a member of staff said about their roles at the school. */
export type SubjectRoles = RoleKey[] | 'not-sure';

/** What the plan is made from: the pack's chains and trust roles, the school, the procedure, the answers and what they say about who it concerns. */
export interface PlanInput {
  pack: Pick<PolicyPack, 'chains' | 'trust'>;
  school: School;
  procedure: Pick<Procedure, 'steps' | 'notify' | 'priority' | 'lead'>;
  answers: Record<string, string>;
  subject: Subject;
  safeguarding: boolean;
  urgent: boolean;
  immediateRisk: boolean;
  /** For a concern about a member of staff: the school roles they hold (`[]`: none; `not-sure`: unknown). */
  subjectRoles?: SubjectRoles;
}

/** A task before it has a due time: its procedure step and who does it. */
export interface PlannedTask {
  id: string;
  text: string;
  /** The role that does it (a stand-in's role if it passed along the chain); `reporter` for the reporter's own. */
  role: RoleKey;
  /** The role the procedure named, when a stand-in does it. */
  namedRole?: RoleKey;
  due?: Procedure['steps'][number]['due'];
  /** No one at the school can be given it. */
  unassigned?: boolean;
}

/** Roles that always stay out of a concern about a member of staff whose roles are not known. */
const ABOVE_STAFF: RoleKey[] = ['head', 'chair-of-governors', 'trust-safeguarding-lead'];
const ABOUT_AN_ADULT_AT_SCHOOL: Subject[] = ['staff', 'dsl', 'head'];

function excludedRolesFor(school: School, subject: Subject, subjectRoles: SubjectRoles | undefined): RoleKey[] {
  switch (subject) {
    case 'head':
      return ['head'];
    case 'dsl':
      return ['dsl'];
    case 'staff':
      // Not knowing which roles they hold, keep it from every school role below the head.
      if (subjectRoles === undefined || subjectRoles === 'not-sure') return Object.keys(school.roles).filter((r) => !ABOVE_STAFF.includes(r));
      return subjectRoles;
    default:
      return [];
  }
}

const same = (a: PersonIdentity, b: PersonIdentity) =>
  personKey(a) === personKey(b) ||
  Boolean(a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) ||
  Boolean(a.teamsUserId && a.teamsUserId === b.teamsUserId) ||
  Boolean(a.slackUserId && a.slackUserId === b.slackUserId);

function priorityOf(input: PlanInput, urgent: boolean, safeguarding: boolean): Priority {
  if (urgent) return 'urgent';
  if (input.procedure.priority) return input.procedure.priority;
  return safeguarding ? 'today' : 'routine';
}

/** Works out the plan and its tasks for one report. Pure and deterministic: the same input always gives the same plan. */
export function planAssignments(input: PlanInput): { plan: AssignmentPlan; tasks: PlannedTask[] } {
  const { pack, school } = input;
  const urgent = input.immediateRisk || input.urgent;
  const safeguarding = input.safeguarding || urgent;
  const excludedRoles = excludedRolesFor(school, input.subject, input.subjectRoles);
  const excluded: PersonIdentity[] = excludedRoles.flatMap((r) => roleHolders(pack as PolicyPack, school, r));
  const isExcluded = (p: PersonIdentity) => excluded.some((e) => same(e, p));
  const available = (role: RoleKey) => roleHolders(pack as PolicyPack, school, role).filter((h) => !isExcluded(h));
  const standIns: StandIn[] = [];
  /** The first role on `role`'s chain with someone who may be told. */
  const resolve = (role: RoleKey): RoleKey | undefined => {
    for (const candidate of chainFor(pack, role)) {
      if (excludedRoles.includes(candidate)) continue;
      if (!available(candidate).length) continue;
      if (candidate !== role) {
        const why = excludedRoles.includes(role) || roleHolders(pack as PolicyPack, school, role).some(isExcluded) ? 'may-be-subject' : 'no-holder';
        if (!standIns.some((s) => s.from === role)) standIns.push({ from: role, to: candidate, why });
      }
      return candidate;
    }
    return undefined;
  };

  // The lead owns the incident: the head for a concern about an adult at school (the chair when it is the
  // head), the safeguarding team for a safeguarding concern, the online-safety lead for the rest.
  const aboutAdult = ABOUT_AN_ADULT_AT_SCHOOL.includes(input.subject);
  const leadNamed: RoleKey = aboutAdult ? 'head' : (input.procedure.lead ?? (safeguarding ? 'dsl' : 'esafety-lead'));
  const leadRole = resolve(leadNamed) ?? leadNamed;
  const channel = !aboutAdult && SAFEGUARDING_TEAM.includes(leadRole) && !excludedRoles.some((r) => SAFEGUARDING_TEAM.includes(r));
  const leadRoles = channel ? SAFEGUARDING_TEAM.filter((r) => available(r).length) : [leadRole];
  const actingRoles = [...new Set([...leadRoles, ...(!safeguarding && !aboutAdult ? SAFEGUARDING_TEAM : [])])].filter((r) => !excludedRoles.includes(r));

  const tasks: PlannedTask[] = input.procedure.steps
    .filter((s) => !s.when || input.answers[s.when.question] === s.when.answer)
    .map((s, i) => {
      const id = `step-${i + 1}`;
      if (s.by === 'reporter') return { id, text: s.text, role: 'reporter', due: s.due };
      const role = resolve(s.by);
      if (!role) return { id, text: s.text, role: s.by, due: s.due, unassigned: true };
      return { id, text: s.text, role, ...(role !== s.by && { namedRole: s.by }), due: s.due };
    });
  const taskRoles = [...new Set(tasks.filter((t) => t.role !== 'reporter' && !t.unassigned).map((t) => t.role))];
  const informRoles = [...new Set([...input.procedure.notify, ...(urgent ? ['head'] : [])])].filter(
    (r) => !excludedRoles.includes(r) && !leadRoles.includes(r) && !taskRoles.includes(r) && available(r).length > 0,
  );

  const people: PlannedPerson[] = [];
  const add = (role: RoleKey, part: PlannedPerson['part']) => {
    for (const holder of available(role)) {
      let person = people.find((p) => same(p, holder));
      if (!person) {
        person = { key: personKey(holder), name: holder.name, ...pick(holder), roles: [], part, taskIds: [], viaChannel: false };
        people.push(person);
      }
      if (!person.roles.includes(role)) person.roles.push(role);
      const rank = { lead: 0, task: 1, inform: 2 } as const;
      if (rank[part] < rank[person.part]) person.part = part;
      if (part === 'lead' && channel) person.viaChannel = true;
      for (const task of tasks) if (task.role === role && !task.unassigned && !person.taskIds.includes(task.id)) person.taskIds.push(task.id);
    }
  };
  leadRoles.forEach((r) => add(r, 'lead'));
  taskRoles.forEach((r) => add(r, 'task'));
  informRoles.forEach((r) => add(r, 'inform'));

  const plan: AssignmentPlan = {
    priority: priorityOf(input, urgent, safeguarding),
    safeguarding,
    urgent,
    destination: channel ? { kind: 'dsl-channel' } : { kind: 'role-direct', role: leadRole },
    actingRoles,
    taskRoles,
    informRoles,
    excludedRoles,
    excludedPeople: excluded.map(personKey),
    people,
    standIns,
    unassignedTaskIds: tasks.filter((t) => t.unassigned).map((t) => t.id),
    reason: reasonFor(input.subject, safeguarding, urgent, channel),
  };
  return { plan, tasks };
}

function pick(holder: PersonIdentity): Pick<PlannedPerson, 'email' | 'teamsUserId' | 'slackUserId'> {
  return {
    ...(holder.email && { email: holder.email }),
    ...(holder.teamsUserId && { teamsUserId: holder.teamsUserId }),
    ...(holder.slackUserId && { slackUserId: holder.slackUserId }),
  };
}

function reasonFor(subject: Subject, safeguarding: boolean, urgent: boolean, channel: boolean): string {
  if (subject === 'head') return 'The concern is about the head teacher, so the head is never told; the chair of governors leads it.';
  if (subject === 'dsl') return "The concern involves the safeguarding lead, so they are never told; the head teacher leads it and the deputy takes the safeguarding lead's part.";
  if (subject === 'staff') return 'The concern is about a member of staff, so the head teacher leads it one-to-one, never in a shared channel, and anyone who may be the subject is never told.';
  if (urgent) return 'A child may be at immediate risk: an urgent safeguarding concern for the safeguarding team.';
  if (safeguarding) return channel ? 'This is a safeguarding concern, so the safeguarding team leads it.' : 'This is a safeguarding concern for the safeguarding team.';
  return 'An online-safety incident that is not a safeguarding concern: the online-safety lead leads it.';
}
