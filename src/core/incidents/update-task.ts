/**
 * `updateTask`: the owner of a task marks it done, or not needed with a reason. Only a holder of the
 * role that owns it may (anyone else is refused and audited); the change goes into the chronology and
 * the audit, and every posted copy of the incident's cards is redrawn.
 */
import type { Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { MAX_TEXT, queueCardUpdate } from './act-on-incident';
import { type Incident, isOpen } from './incident';
import { type IncidentTask, taskStatus } from '../assignments/incident-task';
import { type Actor, actorRef } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import { mayDoTask } from '../assignments/who-may';
import { reloadAfterLostRace } from './write-conflicts';

/** One set of ids for the task buttons: the Teams card `verb` and the Slack `action_id`. */
export const TASK_ACTIONS = ['task-done', 'task-not-needed'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** The words on each task button. */
export const TASK_LABELS: Record<TaskAction, string> = { 'task-done': 'Done', 'task-not-needed': 'Not needed' };

/** One task button pressed, as the card or modal sent it: only the ids are trusted, and only after loading the incident. */
export interface TaskRequest {
  schoolId: string;
  incidentId: string;
  taskId: string;
  action: TaskAction;
  /** Untrusted values from the card or modal: `reason` for "not needed". */
  values?: Record<string, unknown>;
}

function reasonOf(values: TaskRequest['values']): string {
  const raw = values?.reason;
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (!reason) throw new InvalidInputError({ reason: 'Please say why it is not needed.' });
  if (reason.length > MAX_TEXT) throw new InvalidInputError({ reason: `Please keep the reason under ${MAX_TEXT} characters.` });
  return reason;
}

/** Marks a task done or not needed for a holder of its role (others are refused and audited); retries a lost race, and queues every card's redraw. */
export async function updateTask(deps: CoreDeps, actor: Actor, request: TaskRequest): Promise<Stored<Incident>> {
  const school = findSchool(deps.pack, request.schoolId);
  let incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  const audit = (outcome: 'ok' | 'refused') =>
    recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: `incident.${request.action}`, outcome, incidentId: request.incidentId, detail: request.taskId.slice(0, 40) });
  const found = incident.tasks.find((t) => t.id === request.taskId);
  if (!found) throw new NotFoundError('task');
  if (!mayDoTask(deps.pack, school, incident, found, actor, deps.clock.now())) {
    await audit('refused');
    throw new NotPermittedError('mark this task');
  }
  const reason = request.action === 'task-not-needed' ? reasonOf(request.values) : undefined;
  for (let attempt = 0; ; attempt++) {
    if (!isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is already closed.`);
    const task = incident.tasks.find((t) => t.id === request.taskId) as IncidentTask;
    if (taskStatus(task) !== 'open') {
      const word = taskStatus(task) === 'done' ? 'done' : 'not needed';
      throw new DomainError('task-closed', `That task was already marked ${word}${task.closedBy ? ` by ${task.closedBy.name}` : ''}.`);
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const by = actorRef(actor);
    const status = request.action === 'task-done' ? 'done' : 'not-needed';
    const changed: IncidentTask = { ...task, status, done: status === 'done', closedAt: at, closedBy: by, ownerName: task.ownerName ?? by.name, ...(reason && { reason }) };
    const entry = { at, by, action: request.action, detail: reason ? `${task.text} Reason: ${reason}` : task.text };
    const { _etag, ...body } = incident;
    try {
      const saved = await deps.store.replace<Incident>('incidents', { ...body, tasks: body.tasks.map((t) => (t.id === task.id ? changed : t)), chronology: [...body.chronology, entry] }, _etag);
      await audit('ok');
      await queueCardUpdate(deps, saved, now);
      return saved;
    } catch (error) {
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}
