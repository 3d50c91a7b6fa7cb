/**
 * The yearly review of filtering and monitoring: the pack's checklist (`filteringReview`), answered once a
 * year and kept in `reviews` with a fixed id per school and review date (a retry records nothing twice).
 * Only the senior leader for filtering and monitoring, the head, the online safety governor and the
 * online-safety lead may record one; a refusal is audited. The next review is due a year after the last,
 * or on the pack's `firstDue` date for a school with none yet.
 */
import { z } from 'zod';
import { ConflictError, type Doc } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { InvalidInputError, NotPermittedError } from '../errors';
import { type Actor, type ActorRef, actorRef, roleTitle, rolesOf } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import type { FilteringReviewPolicy, RoleKey, School } from '../policy/schema';

/** The roles that may record the review. */
export const REVIEW_RECORDERS: RoleKey[] = ['filtering-lead', 'head', 'online-safety-governor', 'esafety-lead'];

/** The roles reminded that the review is coming due. */
export const REVIEW_REMINDED: RoleKey[] = ['filtering-lead', 'online-safety-governor'];

/** What the review concluded: the standards are met, or changes are needed (the answers say which). */
export const REVIEW_OUTCOMES = ['meets-standards', 'changes-needed'] as const;
/** One of the review's outcomes. */
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The outcome in words, as the form, the reminder and the governors' report say it. */
export const OUTCOME_WORDS: Record<ReviewOutcome, string> = {
  'meets-standards': 'Filtering and monitoring meet the standards',
  'changes-needed': 'Changes are needed',
};

/** The longest answer kept for one checklist item, and for who took part. */
export const MAX_ANSWER = 2000;
const MAX_PARTICIPANTS = 500;

/** One recorded review, as stored in `reviews`: the date, who took part, each item's question and answer, the outcome, who recorded it. */
export interface FilteringReview extends Doc {
  id: string;
  schoolId: string;
  /** The day the review took place (YYYY-MM-DD). */
  date: string;
  participants: string;
  answers: Array<{ itemId: string; question: string; answer: string }>;
  outcome: ReviewOutcome;
  recordedBy: ActorRef | { platform: 'system'; userId: 'system'; name: string };
  recordedAt: string;
  channel: 'chat' | 'import';
  packVersion: string;
}

/** The review's id for a school's review on a date: one review per day, so a retry never records two. */
export function reviewId(date: string): string {
  return `filtering-review:${date}`;
}

/** A review's content once checked against the checklist. */
export type CheckedReview = Pick<FilteringReview, 'date' | 'participants' | 'answers' | 'outcome'>;

/** The review as a person or a file gives it, before it is checked. */
export interface ReviewInput {
  date: unknown;
  participants: unknown;
  outcome: unknown;
  /** Item id → answer. */
  answers: Record<string, unknown>;
}

/** The pack's checklist, or a plain refusal when the pack has none. */
export function reviewPolicy(deps: Pick<CoreDeps, 'pack'>): FilteringReviewPolicy {
  const policy = deps.pack.filteringReview;
  if (!policy) throw new InvalidInputError({ review: 'The policy pack has no filtering review checklist (filteringReview in pack.yaml).' }, 'There is no review checklist yet.');
  return policy;
}

/** True when the actor holds one of the roles that may record the review. */
export function mayRecordReview(actor: Actor, school: School): boolean {
  return rolesOf(actor, school).some((r) => REVIEW_RECORDERS.includes(r));
}

/** Refuses (audited) anyone who may not record the review; returns the actor's school. */
export async function checkReviewer(deps: CoreDeps, actor: Actor, action: string): Promise<School> {
  const school = resolveSchool(deps.pack, actor);
  if (mayRecordReview(actor, school)) return school;
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'refused' });
  throw new NotPermittedError(
    `record the filtering and monitoring review (the ${roleTitle(school, 'filtering-lead')}, the ${roleTitle(school, 'head')}, the ${roleTitle(school, 'online-safety-governor')} and the ${roleTitle(school, 'esafety-lead')} can)`,
  );
}

function realDate(value: string): boolean {
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Checks a review against the checklist; every problem is named at once (field → words), and nothing is written. */
export function checkReview(policy: FilteringReviewPolicy, input: ReviewInput, today: string): CheckedReview {
  const problems: Record<string, string> = {};
  const str = z.string().trim();
  const date = str.safeParse(input.date);
  if (!date.success || !/^\d{4}-\d{2}-\d{2}$/.test(date.data) || !realDate(date.data)) problems.date = 'Give the date of the review as YYYY-MM-DD, like 2026-11-20.';
  else if (date.data > today) problems.date = 'The review date cannot be in the future.';
  const participants = str.safeParse(input.participants);
  if (!participants.success || !participants.data) problems.participants = 'Say who took part in the review.';
  else if (participants.data.length > MAX_PARTICIPANTS) problems.participants = `Keep who took part under ${MAX_PARTICIPANTS} characters.`;
  const outcome = z.enum(REVIEW_OUTCOMES).safeParse(input.outcome);
  if (!outcome.success) problems.outcome = `Choose the outcome: ${REVIEW_OUTCOMES.join(' or ')}.`;
  const known = new Set(policy.items.map((i) => i.id));
  for (const key of Object.keys(input.answers)) if (!known.has(key)) problems[key] = `"${key.slice(0, 40)}" is not an item of the checklist (${[...known].join(', ')}).`;
  const answers = policy.items.map((item) => {
    const answer = str.safeParse(input.answers[item.id]);
    if (!answer.success || !answer.data) problems[item.id] = `Answer "${item.question}"`;
    else if (answer.data.length > MAX_ANSWER) problems[item.id] = `Keep the answer to "${item.question}" under ${MAX_ANSWER} characters.`;
    return { itemId: item.id, question: item.question, answer: answer.success ? answer.data : '' };
  });
  if (Object.keys(problems).length) throw new InvalidInputError(problems, 'The review was not recorded: some answers need another look.');
  return { date: date.data as string, participants: participants.data as string, outcome: outcome.data as ReviewOutcome, answers };
}

/**
 * Records a review durably and audits it. A second review with the same date is refused unless it is the
 * same review again (a retried submit), which answers with the one already stored.
 */
export async function saveReview(
  deps: CoreDeps,
  school: School,
  input: ReviewInput,
  by: FilteringReview['recordedBy'],
  channel: FilteringReview['channel'],
): Promise<{ review: FilteringReview; created: boolean }> {
  const now = deps.clock.now();
  const checked = checkReview(reviewPolicy(deps), input, localTime(now, school.timeZone).date);
  const review: FilteringReview = { ...checked, id: reviewId(checked.date), schoolId: school.id, recordedBy: by, recordedAt: now.toISOString(), channel, packVersion: deps.pack.version };
  try {
    await deps.store.create<FilteringReview>('reviews', review, { durability: 'durable' });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await deps.store.get<FilteringReview>('reviews', school.id, review.id);
    if (existing && JSON.stringify(existing.answers) === JSON.stringify(review.answers) && existing.outcome === review.outcome) return { review: existing, created: false };
    throw new InvalidInputError({ date: `A review dated ${review.date} is already recorded.` }, `The review was not recorded: a review dated ${review.date} is already recorded.`);
  }
  await recordAudit(deps, { schoolId: school.id, actor: by, action: 'review.recorded', outcome: 'ok', detail: `${review.id} ${channel}` });
  return { review, created: true };
}

/** Records the review from chat, for the roles that may; anyone else is refused and audited. */
export async function recordFilteringReview(deps: CoreDeps, actor: Actor, input: ReviewInput): Promise<{ review: FilteringReview; created: boolean }> {
  const school = await checkReviewer(deps, actor, 'review.record');
  return saveReview(deps, school, input, actorRef(actor), 'chat');
}

/** The school's most recent review, if any (one single-partition query). */
export async function lastReview(deps: Pick<CoreDeps, 'store'>, schoolId: string): Promise<FilteringReview | undefined> {
  const [last] = await deps.store.query<FilteringReview>('reviews', { schoolId, orderBy: { field: 'date', direction: 'desc' }, limit: 1 });
  return last;
}

/** A date one year on (29 February becomes 28 February). */
export function oneYearAfter(date: string): string {
  const next = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  return realDate(next) ? next : `${next.slice(0, 8)}28`;
}

/** When the school's next review is due: a year after the last one, else the pack's first date; undefined when neither is known. */
export function nextReviewDue(policy: FilteringReviewPolicy, schoolId: string, last: FilteringReview | undefined): string | undefined {
  return last ? oneYearAfter(last.date) : policy.firstDue[schoolId];
}
