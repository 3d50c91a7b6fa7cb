/**
 * The yearly filtering and monitoring review as a Slack modal: the date, who took part, one answer per
 * question of the school's checklist and the outcome. Each input's block id is its field (`answer-roles`),
 * so core's per-field problems go back beside it; the callback is the review's save action.
 */
import { REVIEW_SAVE_ACTION, type ReviewFormView } from '../../../core/filtering/review-form-view';
import { LIMITS, clip, escapeMrkdwn, header, plain, section } from './block-kit';
import type { InputBlock, KnownBlock, ModalView } from './slack-types';

/** The action id of every input in the review modal (its block id names the field). */
export const REVIEW_VALUE = 'value';

const option = (value: string, label: string) => ({ text: plain(clip(label, LIMITS.optionText), LIMITS.optionText), value });

/** The form as a modal (a school's checklist has at most 20 questions: well under Slack's 100 blocks). */
export function reviewModal(view: ReviewFormView): ModalView {
  const input = (block: string, label: string, element: InputBlock['element']): InputBlock => ({ type: 'input', block_id: block, label: plain(label, LIMITS.inputLabel), element });
  const outcomes = view.outcomes.map((o) => option(o.value, o.title));
  const blocks: KnownBlock[] = [
    header(view.title),
    section(escapeMrkdwn(view.intro)),
    input('date', 'Date of the review', { type: 'datepicker', action_id: REVIEW_VALUE, initial_date: view.values.date }),
    input('participants', 'Who took part', { type: 'plain_text_input', action_id: REVIEW_VALUE, max_length: 500 }),
    ...view.items.map((item) => input(item.inputId, item.question, { type: 'plain_text_input', action_id: REVIEW_VALUE, multiline: true, max_length: view.maxAnswer })),
    input('outcome', 'Outcome', { type: 'radio_buttons', action_id: REVIEW_VALUE, options: outcomes }),
  ];
  return {
    type: 'modal',
    callback_id: REVIEW_SAVE_ACTION,
    title: plain('Filtering review', LIMITS.viewTitle),
    submit: plain('Record', LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    blocks,
  };
}
