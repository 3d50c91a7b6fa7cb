/**
 * The plan in words: who leads, who has which task, who is told for information, which parts passed to
 * a stand-in. The review step, the receipt and the full record all say it from here, so they cannot
 * disagree with each other or with what is sent. Staff names and role titles only, never pupils.
 */
import { titleOf } from '../people/role-titles';
import type { RoleKey, School } from '../policy/schema';
import type { AssignmentPlan, PlannedPerson } from './assignment-plan';

/** One person's line of the plan in words: who they are and what the plan gives them. */
export interface PlanLine {
  /** `personKey`. */
  key: string;
  /** "Sam Reid, Network Manager". */
  who: string;
  part: PlannedPerson['part'];
  /** What the plan gives them, in words: "leads it", "2 tasks", "for information". */
  job: string;
  tasks: string[];
}

/** The plan in words for the review step, the receipt and the record: a line per person, then the stand-ins and the tasks nobody could be given. */
export function planWords(school: School, plan: AssignmentPlan, tasks: Array<{ id: string; text: string }>, trustRoles: Record<string, { title: string } | undefined> = {}) {
  const title = (r: RoleKey) => titleOf(school, r, trustRoles);
  const taskText = (id: string) => tasks.find((t) => t.id === id)?.text ?? id;
  const lines: PlanLine[] = (plan.people ?? []).map((p) => {
    const n = p.taskIds.length;
    const taskWords = n === 1 ? '1 task' : `${n} tasks`;
    const job = p.part === 'lead' ? (n ? `leads it, ${taskWords}` : 'leads it') : p.part === 'task' ? taskWords : 'for information';
    return { key: p.key, who: `${p.name}, ${p.roles.map(title).join(' and ')}`, part: p.part, job, tasks: p.taskIds.map(taskText) };
  });
  const standInLines = (plan.standIns ?? []).map((s) =>
    s.why === 'may-be-subject'
      ? `The ${title(s.from)}'s part goes to the ${title(s.to)}, because the ${title(s.from)} may be involved.`
      : `The ${title(s.from)}'s part goes to the ${title(s.to)}: the school has nobody in that role.`,
  );
  const unassignedLines = (plan.unassignedTaskIds ?? []).map((id) => `Nobody here could be given: "${taskText(id)}"`);
  return { lines, standInLines, unassignedLines };
}
