/**
 * What a task holder's message shows: the minimum about the incident (reference, type, priority, who
 * leads it) and *their* tasks, each with its due time and state, and what they may press. Never pupils'
 * names or what was written; the full record is a separate, audited read.
 */
import type { OutboxMessage } from '../delivery/outbox';
import type { Incident } from './incident';
import { type IncidentTask, taskStatus } from '../assignments/incident-task';
import { incidentKind } from './incident-words';
import type { School } from '../policy/schema';
import { formatLondon } from '../text/time-words';
import { type Priority, SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { titleOf } from '../people/role-titles';

/** Each priority in words for a task holder's message. */
export const PRIORITY_WORDS: Record<Priority, string> = {
  urgent: 'URGENT: act now',
  today: 'Today: due by the end of the school day',
  routine: 'Routine',
};

/** One task as its holder sees it. */
export interface TaskItem {
  taskId: string;
  text: string;
  /** "Network Manager · due Tue 1 Dec 2026, 16:30 · Open". */
  meta: string;
  open: boolean;
  overdue: boolean;
  /** "Done by Sam Reid, Tue 1 Dec 2026, 10:05" or "Not needed: <reason>". */
  closedLine: string;
}

/** A task holder's message in words: the minimum about the incident, and their tasks. */
export interface AssignmentView {
  incidentId: string;
  schoolId: string;
  reference: string;
  title: string;
  heading: string;
  kind: string;
  urgent: boolean;
  priority: string;
  /** Who leads it, by role title. */
  lead: string;
  lines: string[];
  tasks: TaskItem[];
  closed: boolean;
}

/** The tasks a message is about: its own list, or the safeguarding team's on the channel card. */
export function taskIdsForMessage(incident: Pick<Incident, 'tasks'>, message: Pick<OutboxMessage, 'taskIds' | 'to'>): string[] {
  if (message.taskIds) return message.taskIds;
  if (message.to.kind === 'dsl-channel') return incident.tasks.filter((t) => SAFEGUARDING_TEAM.includes(t.ownerRole)).map((t) => t.id);
  return [];
}

/** The tasks with these ids in words, each with its owner, due time and state at `now`. Pure. */
export function describeTasks(school: School, incident: Pick<Incident, 'tasks'>, taskIds: string[], now: Date, trustRoles: Record<string, { title: string } | undefined> = {}): TaskItem[] {
  return taskIds
    .map((id) => incident.tasks.find((t) => t.id === id))
    .filter((t): t is IncidentTask => Boolean(t))
    .map((t) => {
      const status = taskStatus(t);
      const open = status === 'open';
      const overdue = open && t.due < now.toISOString();
      const owner = `${titleOf(school, t.ownerRole, trustRoles)}${t.namedRole ? ` (standing in for the ${titleOf(school, t.namedRole, trustRoles)})` : ''}`;
      const state = open ? (overdue ? 'OVERDUE' : 'Open') : status === 'done' ? 'Done' : 'Not needed';
      const by = t.closedBy ? ` by ${t.closedBy.name}` : '';
      const when = t.closedAt ? `, ${formatLondon(t.closedAt)}` : '';
      const closedLine = open ? '' : status === 'done' ? `Done${by}${when}` : `Not needed${by}${when}: ${t.reason ?? ''}`;
      return { taskId: t.id, text: t.text, meta: `${owner} · due ${formatLondon(t.due)} · ${state}`, open, overdue, closedLine };
    });
}

/** A task holder's message (or, with `reminder`, their overdue reminder) for these tasks. Pure. */
export function describeAssignment(school: School, incident: Incident, taskIds: string[], now: Date, trustRoles: Record<string, { title: string } | undefined> = {}, reminder = false): AssignmentView {
  const plan = incident.routing;
  const lead = plan.destination.kind === 'dsl-channel' ? `${titleOf(school, 'dsl', trustRoles)} and deputies` : titleOf(school, plan.destination.role, trustRoles);
  const tasks = describeTasks(school, incident, taskIds, now, trustRoles);
  const open = tasks.filter((t) => t.open).length;
  return {
    incidentId: incident.id,
    schoolId: incident.schoolId,
    reference: incident.reference,
    title: incident.procedureTitle,
    heading: reminder ? `Overdue: your task for ${incident.reference}` : `Your ${tasks.length === 1 ? 'task' : 'tasks'} for ${incident.reference}`,
    kind: incidentKind(plan.safeguarding),
    urgent: plan.urgent,
    priority: PRIORITY_WORDS[plan.priority ?? (plan.urgent ? 'urgent' : 'routine')],
    lead,
    lines: [
      `${incidentKind(plan.safeguarding)} at ${school.name}, led by the ${lead}. These are yours to do${open ? '' : ', and all are finished'}.`,
      "Pupils' names and what was written are only in the full record. Opening it is recorded.",
    ],
    tasks,
    closed: incident.status === 'closed',
  };
}
