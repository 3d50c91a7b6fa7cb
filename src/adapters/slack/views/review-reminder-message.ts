/** The filtering review reminder as a Slack message: what is due and when, and a button that opens the review's modal. */
import type { ReviewReminderView } from '../../../core/filtering/review-reminders-job';
import { REVIEW_OPEN_ACTION } from '../../../core/filtering/review-form-view';
import { LIMITS, button, clip, escapeMrkdwn, header, verbatimSection } from './block-kit';
import type { SlackMessage } from './slack-types';

/** The reminder: its heading, its lines and "Open the review form" (its value is the school's id only). */
export function reviewReminderMessage(view: ReviewReminderView): SlackMessage {
  return {
    text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText),
    blocks: [
      header(view.title),
      ...view.lines.map((l) => verbatimSection(escapeMrkdwn(l))),
      { type: 'actions', elements: [button('Open the review form', REVIEW_OPEN_ACTION, view.schoolId, 'primary')] },
    ],
  };
}
