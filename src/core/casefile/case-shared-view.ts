/**
 * What a colleague is told when a case is shared with them (the `case-shared` message), and the words
 * sharing uses elsewhere: facts and sentences, no layout. Names only staff and the case's reference,
 * never a child or what was reported, so it is safe in the colleague's 1:1 chat.
 */
import { taskStatus } from '../assignments/incident-task';
import { isLiveShare } from '../assignments/who-may';
import type { CaseShare } from '../incidents/case-share';
import type { Incident } from '../incidents/incident';
import { formatLondon } from '../text/time-words';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A YYYY-MM-DD date as "31 Jan 2027"; anything else unchanged. */
export function dayWords(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "read only" or "with a task". */
export function accessWords(share: Pick<CaseShare, 'access'>): string {
  return share.access === 'task' ? 'with a task' : 'read only';
}

/** The `case-shared` message in words, for the colleague it names. */
export interface CaseSharedView {
  schoolId: string;
  incidentId: string;
  shareId: string;
  reference: string;
  /** "Alex Wilber has shared ES-2026-0003 with you until 31 Jan 2027 (read only). Open the full record." */
  title: string;
  /** Why they were brought in, as the lead wrote it. */
  reason: string;
  /** True while the share lasts: only then are its buttons offered. */
  live: boolean;
  /** Their task, when the share carries one. */
  task?: { id: string; text: string; due: string; open: boolean; state: string };
  /** The words on the buttons. */
  labels: { fullRecord: string; taskDone: string };
}

/** The colleague's message about `share` as it stands at `now` (an ended or revoked share says so and offers nothing). */
export function describeCaseShared(incident: Incident, share: CaseShare, now: Date, timeZone = 'Europe/London'): CaseSharedView {
  const live = isLiveShare(share, now, timeZone);
  const task = share.taskId ? incident.tasks.find((t) => t.id === share.taskId) : undefined;
  const status = task ? taskStatus(task) : undefined;
  const title = live
    ? `${share.sharedBy.name} has shared ${incident.reference} with you until ${dayWords(share.until)} (${accessWords(share)}). Open the full record.`
    : share.revokedAt
      ? `${share.sharedBy.name} has stopped sharing ${incident.reference} with you.`
      : `Sharing ${incident.reference} with you ended on ${dayWords(share.until)}.`;
  return {
    schoolId: incident.schoolId,
    incidentId: incident.id,
    shareId: share.id,
    reference: incident.reference,
    title,
    reason: share.reason,
    live,
    ...(task && {
      task: {
        id: task.id,
        text: task.text,
        due: `Due ${formatLondon(task.due)}`,
        open: live && status === 'open',
        state: status === 'open' ? 'Open' : status === 'done' ? `Done${task.closedAt ? ` ${formatLondon(task.closedAt)}` : ''}` : `Not needed${task.reason ? `: ${task.reason}` : ''}`,
      },
    }),
    labels: { fullRecord: 'Full record', taskDone: 'Mark the task done' },
  };
}
