/**
 * The plan of who does what for one incident: made once, in core, when the report is sent, and kept on
 * the incident. Receipts, the review step, the full record and every platform's messages are drawn
 * from it, so what the bot says about who was told and who must act can only be what it planned.
 */
import type { RoleKey } from '../policy/schema';
import type { IncidentTask } from './incident-task';

/** The roles that make up the safeguarding team: they share the safeguarding channel and its card. */
export const SAFEGUARDING_TEAM: readonly RoleKey[] = ['dsl', 'deputy-dsl'];

/** How soon the work is due: urgent (now; nags until acknowledged), today (the same school day), routine. */
export const PRIORITIES = ['urgent', 'today', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** One person the plan reaches, and why. Their identity is copied from the pack when the plan is made. */
export interface PlannedPerson {
  /** `personKey` of the pack's holder: the same on every platform. */
  key: string;
  name: string;
  email?: string;
  teamsUserId?: string;
  slackUserId?: string;
  /** The roles through which they are involved. */
  roles: RoleKey[];
  /**
   * `lead`: owns the incident (the case card with its actions) and may also hold tasks;
   * `task`: holds tasks; `inform`: told for information only, with nothing to do.
   */
  part: 'lead' | 'task' | 'inform';
  /** Their tasks (ids on the incident); empty for `inform`. */
  taskIds: string[];
  /** True when the safeguarding channel's card is how their lead part reaches them. */
  viaChannel: boolean;
}

/** A role's tasks that passed to another role because its holders may be the subject, or it has none. */
export interface StandIn {
  from: RoleKey;
  to: RoleKey;
  why: 'may-be-subject' | 'no-holder';
}

/** The whole plan for one incident, kept on it as `routing`: who leads it, who holds tasks, who is told for information, who must never hear of it, and why. */
export interface AssignmentPlan {
  priority: Priority;
  safeguarding: boolean;
  urgent: boolean;
  /** Where the lead's case card goes: the safeguarding channel, or each holder of the lead role directly. */
  destination: { kind: 'dsl-channel' } | { kind: 'role-direct'; role: RoleKey };
  /** Roles whose holders own the incident: acknowledge, assign, refer, close. */
  actingRoles: RoleKey[];
  /** Roles whose holders hold a task here (they may mark it and read the full record). */
  taskRoles: RoleKey[];
  /** Roles told for information only, with nothing to do. */
  informRoles: RoleKey[];
  /** Roles whose holders may be the subject: they are never told anything about it. */
  excludedRoles: RoleKey[];
  /** `personKey`s of everyone who must never hear of it (holders of the excluded roles). */
  excludedPeople: string[];
  people: PlannedPerson[];
  standIns: StandIn[];
  /** Tasks nobody at the school could be given (every role on the chain may be the subject or is empty). */
  unassignedTaskIds: string[];
  /** Why it went where it did, in plain words, for the chronology and the full record. */
  reason: string;
}

/** The people of a plan who have a job: the lead and task holders. */
export function peopleWithAJob(plan: Pick<AssignmentPlan, 'people'>): PlannedPerson[] {
  return plan.people.filter((p) => p.part !== 'inform');
}

/** The parts of an incident the plan's rules read: its ids, its plan and its tasks (every `Incident` has them). */
export interface PlannedIncident {
  id: string;
  schoolId: string;
  routing: AssignmentPlan;
  tasks: IncidentTask[];
}
