/**
 * The filtering review reminders: from `remindDaysBefore` days (30 by default) before the yearly review is
 * due, the senior leader for filtering and monitoring and the online safety governor are reminded once a
 * week until a review is recorded, in working hours on school days only (the school calendar: weekends,
 * the pack's holidays, `workingHours`). Each reminder has a fixed id per (school, due date, week, role), so
 * a second instance or a rerun never sends one twice; a week that opens in a holiday is sent on the first
 * school day after it. A reminder queued before the review was recorded says nothing when it is drawn.
 */
import { addDays, daysBetween, isSendingTime, localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue, type OutboxMessage } from '../delivery/outbox';
import { roleHolders } from '../people/role-holders';
import { findSchool } from '../people/resolve-school';
import type { ScheduledJob } from '../scheduling/scheduled-job';
import { lastReview, nextReviewDue, OUTCOME_WORDS, REVIEW_REMINDED } from './filtering-review';

/** The reminder's outbox id for one school, due date, week of reminding and role. */
export function reviewReminderId(schoolId: string, due: string, week: number, role: string): string {
  return `review-reminder:${schoolId}:${due}:${week}:${role}`;
}

/** Queues this week's reminders for every school whose review is due within the reminding window (or overdue). Safe on several instances at once. */
export async function queueReviewReminders(deps: CoreDeps, now: Date = deps.clock.now()): Promise<{ schools: number; reminders: number }> {
  const result = { schools: 0, reminders: 0 };
  const policy = deps.pack.filteringReview;
  if (!policy) return result;
  for (const school of deps.pack.schools) {
    if (!isSendingTime(now, deps.pack.aup, school.timeZone)) continue;
    const due = nextReviewDue(policy, school.id, await lastReview(deps, school.id));
    if (!due) continue;
    const today = localTime(now, school.timeZone).date;
    const opens = addDays(due, -policy.remindDaysBefore);
    if (today < opens) continue;
    result.schools++;
    const week = Math.floor(daysBetween(opens, today) / 7);
    for (const role of REVIEW_REMINDED) {
      const holders = roleHolders(deps.pack, school, role);
      if (!holders.length) continue;
      // One platform per role, as the weekly digest does: Teams when a holder has a Teams id, else Slack.
      const platform = holders.some((h) => h.teamsUserId) || !holders.some((h) => h.slackUserId) ? 'teams' : 'slack';
      const queued = await enqueue(
        deps.store,
        { id: reviewReminderId(school.id, due, week, role), schoolId: school.id, message: 'review-reminder', to: { kind: 'role', role }, platform, review: { due } },
        now,
      );
      if (queued) result.reminders++;
    }
  }
  return result;
}

/** What a review reminder says: when the review is due, when the last one was, and how to record it. */
export interface ReviewReminderView {
  schoolId: string;
  /** True once the due date has passed. */
  overdue: boolean;
  title: string;
  lines: string[];
  due: string;
}

/** What a queued reminder says now; undefined once a review has been recorded since it was queued (nothing left to say). */
export async function describeQueuedReviewReminder(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'review'>): Promise<ReviewReminderView | undefined> {
  const school = findSchool(deps.pack, message.schoolId);
  const policy = deps.pack.filteringReview;
  if (!school || !policy || !message.review) return undefined;
  const last = await lastReview(deps, school.id);
  if (nextReviewDue(policy, school.id, last) !== message.review.due) return undefined;
  const today = localTime(deps.clock.now(), school.timeZone).date;
  const days = daysBetween(today, message.review.due);
  return {
    title: days < 0 ? 'The filtering and monitoring review is overdue' : 'The filtering and monitoring review is due soon',
    schoolId: school.id,
    overdue: days < 0,
    due: message.review.due,
    lines: [
      `${school.name}'s yearly review of filtering and monitoring is due on ${message.review.due}${days < 0 ? ` (${-days} days ago)` : days === 0 ? ' (today)' : ` (in ${days} days)`}.`,
      last ? `The last review was on ${last.date}: ${OUTCOME_WORDS[last.outcome]}.` : 'No review is recorded yet.',
      `The checklist has ${policy.items.length} questions. Open the form below, or type "filtering review" (Teams) or "/report filtering review" (Slack) in a private chat; you will be reminded each week until it is recorded.`,
    ],
  };
}

/** The reminders as a scheduled job: every 15 minutes; each run queues only what is due and nothing twice. */
export const reviewReminderJob: ScheduledJob = {
  name: 'filtering-review-reminders',
  everyMs: 15 * 60_000,
  timeZone: 'Europe/London',
  leaseMs: 10 * 60_000,
  run: async (deps, now) => ({ ...(await queueReviewReminders(deps, now)) }),
};
