/**
 * The DSL's case list in words: one line per open case (reference, type, age, owner, overdue tasks)
 * with its Full record button, what the list is narrowed by, and the types to narrow it to.
 */
import { durationWords, formatWallClock } from '../text/time-words';
import type { CaseList } from './case-list';

/** The button id that narrows the list to a type (also in `CASE_ACTIONS`); `choice` carries the type's id, or `all`. */
export const CASES_FILTER_ACTION = 'cases-filter';

/** One case on the card: the words, and the opaque ids its Full record button carries. */
export interface CaseItemView {
  schoolId: string;
  incidentId: string;
  heading: string;
  meta: string;
  overdue: boolean;
}

/** The whole list in words. */
export interface CasesView {
  title: string;
  lines: string[];
  items: CaseItemView[];
  types: Array<{ id: string; label: string }>;
  schoolId: string;
}

function age(from: string, now: Date): string {
  const minutes = (now.getTime() - Date.parse(from)) / 60_000;
  const days = Math.floor(minutes / 1440);
  return days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : durationWords(minutes);
}

/** Words for a case list. */
export function describeCases(list: CaseList): CasesView {
  const { filter } = list;
  const narrowed = [
    ...(filter.pupils ? [filter.pupils.length ? `about ${filter.pupils.join(', ')}` : 'about a pupil no register entry matches'] : []),
    ...(filter.type ? [`of type ${filter.type.title}`] : []),
  ];
  const count = list.lines.length + list.more;
  const lines = [
    filter.unknownType
      ? `No open case you lead has a type like "${filter.unknownType}". Choose one of the types below.`
      : count
        ? `${count} open case${count === 1 ? '' : 's'} you may lead${narrowed.length ? ` ${narrowed.join(' ')}` : ''}: overdue tasks first, then urgent, then safeguarding, oldest first.`
        : `No open cases you may lead${narrowed.length ? ` ${narrowed.join(' ')}` : ''}.`,
    ...(list.more ? [`The ${list.more} oldest of the rest are not shown: narrow the list by type or pupil.`] : []),
    // A child's file handed on is due at the new school five school days after they start: each is a task until its receipt.
    ...list.transfers.map((t) => {
      const late = t.deadline < list.now.toISOString().slice(0, 10);
      return `${late ? 'OVERDUE: ' : ''}child's file ${t.ref} for ${t.toSchool}: the new school's receipt is due by ${formatWallClock(t.deadline)} (record it with: transfer receipt ${t.ref}).`;
    }),
  ];
  return {
    title: `Open cases: ${list.school.name}`,
    lines,
    items: list.lines.map(({ incident, overdue }) => ({
      schoolId: incident.schoolId,
      incidentId: incident.id,
      heading: `${incident.reference}: ${incident.procedureTitle}${incident.routing.urgent ? ' (urgent)' : ''}`,
      meta: `${age(incident.reportedAt, list.now)} old · ${incident.owner?.name ?? 'No owner yet'} · ${overdue ? `${overdue} overdue task${overdue === 1 ? '' : 's'}` : 'nothing overdue'}`,
      overdue: overdue > 0,
    })),
    types: [{ id: 'all', label: 'All types' }, ...list.types.map((t) => ({ id: t.id, label: `${t.title} (${t.count})` }))],
    schoolId: list.school.id,
  };
}
