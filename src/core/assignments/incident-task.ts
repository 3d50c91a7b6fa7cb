/** An incident's tasks: the procedure's follow-up steps as the plan gave them out, each with its owner, due time and state. */
import type { ActorRef } from '../people/actor';
import type { RoleKey } from '../policy/schema';

/** The states a task can be in: open, done, or not needed (with a reason). */
export const TASK_STATUSES = ['open', 'done', 'not-needed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A follow-up step from the procedure, owned by a role (and a person, when the role has one holder), due by a time. */
export interface IncidentTask {
  id: string;
  text: string;
  /** The role that does it: a stand-in's, when the named role's holders may be the subject. */
  ownerRole: RoleKey | 'reporter';
  /** The role the procedure named, when a stand-in does it. */
  namedRole?: RoleKey;
  /** The person who owns it: the role's only holder, or whoever marked it. */
  ownerName?: string;
  due: string;
  /** Kept in step with `status` for records made before tasks had one. */
  done: boolean;
  status?: TaskStatus;
  /** When and by whom it was marked done or not needed, and why not. */
  closedAt?: string;
  closedBy?: ActorRef;
  reason?: string;
  /** Nobody at the school could be given it. */
  unassigned?: boolean;
  /** Which overdue reminders have been queued (an id per reminder round). */
  reminded?: number;
}

/** A task's state, reading records made before tasks had a `status` from their `done` flag. */
export function taskStatus(task: Pick<IncidentTask, 'status' | 'done'>): TaskStatus {
  return task.status ?? (task.done ? 'done' : 'open');
}
