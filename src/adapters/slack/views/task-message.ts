/**
 * A task holder's message (their tasks for one incident, or the overdue reminder), and the task list with
 * Done / Not needed buttons that the escalation message shows too. Each button carries only the opaque
 * `school/incident/task` token; core checks who is pressing. Never pupils' names or what was written.
 */
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import type { AssignmentView, TaskItem } from '../../../core/incidents/task-view';
import { TASK_LABELS } from '../../../core/incidents/update-task';
import { MAX_TEXT } from '../../../core/incidents/act-on-incident';
import { privacyLine } from '../../../core/incidents/incident-words';
import { VALUE } from './incident-modals';
import { LIMITS, button, clip, context, divider, escapeMrkdwn, header, plain, section, verbatimSection } from './block-kit';
import type { SlackMessage } from './slack-types';
import { type IncidentRef, type TaskRef, incidentToken, taskToken } from './incident-token';
import type { KnownBlock, ModalView } from './slack-types';

/** Callback id of the "not needed" form; its `private_metadata` is the task token. */
export const TASK_REASON_FORM = 'task-form:task-not-needed';
export const TASK_REASON_BLOCK = 'reason';

function taskLine(task: TaskItem): string {
  // Finished either way (done, or not needed with a reason): the words after it say which.
  const mark = task.open ? (task.overdue ? ':warning: ' : '') : ':white_check_mark: ';
  const closed = task.closedLine ? `\n${escapeMrkdwn(task.closedLine)}` : '';
  return `${mark}*${escapeMrkdwn(task.text)}*\n_${escapeMrkdwn(task.meta)}_${closed}`;
}

/**
 * The tasks, each with its buttons while it is open and the incident is not closed. `room` is how many
 * blocks may be used: tasks that do not fit are listed together, without buttons, and it says so.
 */
export function taskBlocks(ref: IncidentRef, tasks: TaskItem[], closed: boolean, room: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const rest: TaskItem[] = [];
  for (const task of tasks) {
    const buttons = task.open && !closed;
    const needs = buttons ? 2 : 1;
    // Two blocks stay free for the tasks that do not fit and the line saying so.
    if (rest.length || blocks.length + needs > room - 2) {
      rest.push(task);
      continue;
    }
    blocks.push({ ...verbatimSection(taskLine(task)), block_id: clip(`task:${task.taskId}`, 255) } as KnownBlock);
    if (buttons) {
      const token = taskToken({ ...ref, taskId: task.taskId });
      blocks.push({
        type: 'actions',
        block_id: clip(`task-actions:${task.taskId}`, 255),
        elements: [button(TASK_LABELS['task-done'], 'task-done', token, 'primary'), button(TASK_LABELS['task-not-needed'], 'task-not-needed', token)],
      });
    }
  }
  if (rest.length) {
    blocks.push(
      verbatimSection(rest.map(taskLine).join('\n')),
      context(`Too many tasks for one Slack message: ${rest.length === 1 ? 'this one is' : `these ${rest.length} are`} listed without buttons, and all are in the full record.`),
    );
  }
  return blocks;
}

export function assignmentMessage(view: AssignmentView): SlackMessage {
  const ref = { schoolId: view.schoolId, incidentId: view.incidentId };
  const [summary, ...privacy] = view.lines;
  const top: KnownBlock[] = [
    header(view.heading),
    section(
      `${view.urgent ? ':rotating_light: ' : ''}*Priority:* ${escapeMrkdwn(view.priority)}\n*Type:* ${escapeMrkdwn(view.kind)}: ${escapeMrkdwn(view.title)}\n*Led by:* the ${escapeMrkdwn(view.lead)}`,
    ),
    ...(summary ? [verbatimSection(escapeMrkdwn(summary))] : []),
    divider(),
  ];
  const bottom: KnownBlock[] = [
    {
      type: 'actions',
      block_id: clip(`assignment-actions:${incidentToken(ref)}`, 255),
      elements: [...(view.closed ? [] : [button(ESCALATION_LABELS['add-note'], 'add-note', incidentToken(ref))]), button(ESCALATION_LABELS['full-record'], 'full-record', incidentToken(ref))],
    },
    ...(view.closed ? [privacyLine(true)] : privacy).map((line) => context(escapeMrkdwn(line))),
  ];
  const tasks = taskBlocks(ref, view.tasks, view.closed, LIMITS.messageBlocks - top.length - bottom.length);
  const text = clip(`${view.heading}: ${view.tasks.map((t) => t.text).join('; ') || view.reference}`, LIMITS.messageText);
  return { text, blocks: [...top, ...tasks, ...bottom] };
}

/** The form "Not needed" opens: the reason is required (core says so again if it comes back empty). */
export function taskReasonModal(ref: TaskRef, reference: string, taskText: string): ModalView {
  return {
    type: 'modal',
    callback_id: TASK_REASON_FORM,
    private_metadata: taskToken(ref),
    title: plain(TASK_LABELS['task-not-needed'], LIMITS.viewTitle),
    submit: plain('Save', LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    blocks: [
      verbatimSection(`*${escapeMrkdwn(reference)}*\n${escapeMrkdwn(taskText)}`),
      {
        type: 'input',
        block_id: TASK_REASON_BLOCK,
        label: plain('Why is this task not needed?', LIMITS.inputLabel),
        optional: false,
        element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: MAX_TEXT },
      },
      context('The reason goes into the record with your name.'),
    ],
  };
}
