/**
 * Mappers for tasks on cards: the task holder's own card (`task-assignment`, also the overdue reminder)
 * and the task list on the escalation card. A task's buttons carry the incident's ids and the task's.
 */
import type { AssignmentView, TaskItem } from '../../../core/incidents/task-view';
import { TASK_LABELS } from '../../../core/incidents/update-task';
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import { ACTION_FORM_WORDS } from '../../../core/incidents/incident-words';
import { MAX_TEXT } from '../../../core/incidents/act-on-incident';
import { literalText } from './format';

/** The only data a task button carries: opaque ids, re-checked against the store. */
export interface TaskActionData {
  schoolId: string;
  incidentId: string;
  taskId: string;
}

/**
 * The id of a task's "why not needed" input. One card may list several tasks (and the escalation card
 * already has a `reason` input for "decide not to refer"), and Adaptive Card input ids must be unique.
 */
export const reasonInputId = (taskId: string) => `reason-${taskId}`;

export const TASK_WORDS = {
  heading: 'Tasks',
  done: TASK_LABELS['task-done'],
  notNeeded: TASK_LABELS['task-not-needed'],
  reasonLabel: 'Why is it not needed?',
  reasonError: 'Please say why it is not needed.',
  reasonButton: 'Record as not needed',
} as const;

/** Each task with its state in words and, while it is open and the incident is too, its two buttons. */
export function taskItemsData(tasks: TaskItem[], ref: { schoolId: string; incidentId: string }, closed: boolean) {
  return tasks.map((t) => ({
    text: t.text,
    // A closed task's line ends with the reason someone typed: shown as typed, never as Markdown.
    detail: literalText(t.open ? t.meta : t.closedLine),
    detailColor: t.overdue ? 'Attention' : 'Default',
    canAct: t.open && !closed,
    reasonId: reasonInputId(t.taskId),
    actionData: { schoolId: ref.schoolId, incidentId: ref.incidentId, taskId: t.taskId } satisfies TaskActionData,
  }));
}

/** A task holder's card: what the incident is (the minimum), their tasks, a note and the full record. */
export function taskCardData(view: AssignmentView) {
  const ref = { schoolId: view.schoolId, incidentId: view.incidentId };
  return {
    urgent: view.urgent,
    urgentBadge: 'URGENT',
    headerStyle: view.urgent ? 'attention' : 'emphasis',
    heading: view.heading,
    priority: view.priority,
    priorityColor: view.urgent ? 'Attention' : 'Default',
    facts: [
      { title: 'Reference', value: view.reference },
      { title: 'Type', value: view.title },
      { title: 'Kind', value: view.kind },
      { title: 'Led by', value: view.lead },
    ],
    lines: view.lines,
    hasTasks: view.tasks.length > 0,
    tasks: taskItemsData(view.tasks, ref, view.closed),
    taskWords: TASK_WORDS,
    canAddNote: !view.closed,
    labels: { addNote: ESCALATION_LABELS['add-note'], fullRecord: ESCALATION_LABELS['full-record'] },
    words: { noteLabel: ACTION_FORM_WORDS.noteLabel, noteError: ACTION_FORM_WORDS.noteError, noteButton: ACTION_FORM_WORDS.noteButton },
    maxText: MAX_TEXT,
    actionData: ref,
  };
}
