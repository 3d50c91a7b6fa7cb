/** The `case-shared` card (to the colleague) and the "Share with a colleague" form (to the lead), from core's views. */
import type { CaseSharedView } from '../../../core/casefile/case-shared-view';
import type { ShareFormView } from '../../../core/casefile/share-case';
import { literalText } from './format';

/** The colleague's card: what was shared, why, their task if any, and the buttons while it lasts. */
export function caseSharedCardData(view: CaseSharedView) {
  return {
    schoolId: view.schoolId,
    incidentId: view.incidentId,
    shareId: view.shareId,
    title: view.title,
    reasonLine: `Why: ${literalText(view.reason)}`,
    live: view.live,
    hasTask: Boolean(view.task),
    taskText: view.task ? `Your task: ${literalText(view.task.text)}` : '',
    taskMeta: view.task ? `${view.task.due} · ${literalText(view.task.state)}` : '',
    taskOpen: Boolean(view.task?.open),
    labels: view.labels,
  };
}

/** The share form; `values` and `error` refill it after a refusal, so nothing typed is lost. */
export function shareFormCardData(view: ShareFormView, values: Record<string, string> = {}, error = '') {
  return {
    schoolId: view.schoolId,
    incidentId: view.incidentId,
    title: view.title,
    intro: 'Bring in one colleague who needs to know. They can read the full record until the date you choose (and do one task, if you give them one); you can revoke it at any time.',
    hasError: Boolean(error),
    error,
    hasPeople: view.people.length > 0,
    emptyLine: view.emptyLine ?? '',
    people: view.people.map((p) => ({ key: p.key, name: p.name })),
    accessChoices: view.accessChoices,
    today: view.today,
    latest: view.latest,
    values: {
      person: values.person ?? '',
      access: values.access ?? 'read',
      taskText: values.taskText ?? '',
      taskDue: values.taskDue ?? '',
      until: values.until ?? '',
      reason: values.reason ?? '',
    },
    labels: {
      person: 'Who',
      personError: 'Please choose a colleague.',
      access: 'What they may do',
      taskText: 'Their task (only with a task)',
      taskDue: 'Task due by (only with a task)',
      until: 'Shared until (at most a year from today)',
      untilError: 'Please choose the last day it is shared.',
      reason: 'Why they need to know',
      reasonError: 'Please say why they need to know.',
      save: 'Share',
    },
  };
}
