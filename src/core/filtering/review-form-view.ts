/**
 * The review's form in chat (Teams card, Slack modal): the pack's checklist, one answer per question, the
 * date of the review, who took part and the outcome; and the words once it is recorded. Words and facts
 * only, no layout. Opening the form is for the roles that may record the review (refusals audited).
 */
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import type { Actor } from '../people/actor';
import { checkReviewer, type FilteringReview, lastReview, MAX_ANSWER, nextReviewDue, oneYearAfter, OUTCOME_WORDS, REVIEW_OUTCOMES, type ReviewInput, reviewPolicy } from './filtering-review';

/** The action id of the form's Save button: the Teams verb and the Slack modal's callback id. */
export const REVIEW_SAVE_ACTION = 'filtering-review-save';

/** The action id of the reminder's "Open the review form" button (Teams verb, Slack action id). */
export const REVIEW_OPEN_ACTION = 'filtering-review-open';

/** True when a `filtering` command's words ask for the review (`filtering review`, `/report filtering review`). */
export function isReviewCommand(text: string): boolean {
  return /^review$/i.test(text.trim());
}

/** The prefix of each answer's input id (`answer-roles`). */
export const ANSWER_PREFIX = 'answer-';

/** What the form shows: the checklist with what was typed so far, and any problem to put right. */
export interface ReviewFormView {
  schoolId: string;
  title: string;
  intro: string;
  today: string;
  maxAnswer: number;
  items: Array<{ id: string; inputId: string; question: string; value: string }>;
  outcomes: Array<{ value: string; title: string }>;
  values: { date: string; participants: string; outcome: string };
  /** Plain words for each problem, when the last attempt was refused. */
  errors: string[];
}

/** The form for the actor's school (the roles that may record the review; anyone else is refused and audited). */
export async function openReviewForm(deps: CoreDeps, actor: Actor, typed: Record<string, string> = {}, errors: string[] = []): Promise<ReviewFormView> {
  const school = await checkReviewer(deps, actor, 'review.open-form');
  const policy = reviewPolicy(deps);
  const today = localTime(deps.clock.now(), school.timeZone).date;
  const last = await lastReview(deps, school.id);
  const due = nextReviewDue(policy, school.id, last);
  return {
    schoolId: school.id,
    title: `Filtering and monitoring review: ${school.name}`,
    intro: [
      'Answer each question on your school’s checklist in a few sentences; governors see only the date and the outcome.',
      last ? `The last review was on ${last.date} (${OUTCOME_WORDS[last.outcome].toLowerCase()}).` : 'No review is recorded yet.',
      due ? `This one is due by ${due}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
    today,
    maxAnswer: MAX_ANSWER,
    items: policy.items.map((item) => ({ id: item.id, inputId: `${ANSWER_PREFIX}${item.id}`, question: item.question, value: typed[`${ANSWER_PREFIX}${item.id}`] ?? '' })),
    outcomes: REVIEW_OUTCOMES.map((value) => ({ value, title: OUTCOME_WORDS[value] })),
    values: { date: typed.date ?? today, participants: typed.participants ?? '', outcome: typed.outcome ?? '' },
    errors,
  };
}

/** The form's inputs (strings under their input ids) as the review's answers, for `recordFilteringReview`. */
export function reviewInputFrom(values: Record<string, string>): ReviewInput {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith(ANSWER_PREFIX)) answers[key.slice(ANSWER_PREFIX.length)] = value;
  return { date: values.date, participants: values.participants, outcome: values.outcome, answers };
}

/** What the person is told once the review is durably recorded (never before). */
export function describeRecordedReview(review: FilteringReview, schoolName: string, created: boolean): { title: string; lines: string[] } {
  return {
    title: 'Review recorded',
    lines: [
      `The filtering and monitoring review of ${review.date} is recorded for ${schoolName}${created ? '' : ' (it was already recorded)'}.`,
      `Outcome: ${OUTCOME_WORDS[review.outcome]}. ${review.answers.length} questions answered.`,
      `The next review is due by ${oneYearAfter(review.date)}. The governors' report shows this review's date and outcome.`,
    ],
  };
}
