/**
 * The yearly filtering and monitoring review in Slack: `/report filtering review` opens the modal (for
 * the roles that may record it; core refuses and audits anyone else) and its submit records it. A
 * problem goes back beside its field and nothing is saved; "Review recorded" only once the store has it.
 */
import type { App, webApi } from '@slack/bolt';
import { onButtons } from './escalation-actions';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import { recordFilteringReview } from '../../../core/filtering/filtering-review';
import { ANSWER_PREFIX, describeRecordedReview, openReviewForm, REVIEW_OPEN_ACTION, REVIEW_SAVE_ACTION, reviewInputFrom } from '../../../core/filtering/review-form-view';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { REVIEW_VALUE, reviewModal } from '../views/review-modal';
import { noticeModal } from '../views/wizard-modal';
import { modalValues } from './modal-values';

const FIELDS = new Set(['date', 'participants', 'outcome']);

/** Opens the review's modal, or a notice saying why not (refusals are audited in core). */
export async function openReviewModal(ctx: SlackContext, client: webApi.WebClient, triggerId: string, actor: Actor): Promise<void> {
  let view: ReturnType<typeof reviewModal>;
  try {
    view = reviewModal(await openReviewForm(ctx.deps, actor));
  } catch (error) {
    view = noticeModal('That did not work', [explainError(error, ctx.logger, 'slack.review-open')], 'Filtering review');
  }
  await client.views.open({ trigger_id: triggerId, view });
}

/** The modal's submit: recorded durably, then "Review recorded"; each problem beside its field. */
export function registerReviewModal(app: App, ctx: SlackContext): void {
  // The reminder's "Open the review form": the modal for whoever pressed it (core checks who they are).
  onButtons(app, ctx, [REVIEW_OPEN_ACTION], 'slack.review-open', (client, body, actor) => openReviewModal(ctx, client, body.trigger_id, actor));
  app.view({ type: 'view_submission', callback_id: REVIEW_SAVE_ACTION }, async ({ ack, body, view }) => {
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      const { review, created } = await recordFilteringReview(ctx.deps, actor, reviewInputFrom(modalValues(view.state, REVIEW_VALUE)));
      const said = describeRecordedReview(review, findSchool(ctx.deps.pack, review.schoolId)?.name ?? review.schoolId, created);
      await ack({ response_action: 'update', view: noticeModal(said.title, said.lines, 'Filtering review') });
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        const errors = Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [FIELDS.has(k) ? k : `${ANSWER_PREFIX}${k}`, v]));
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was recorded', [explainError(error, ctx.logger, 'slack.review-save')], 'Filtering review') });
    }
  });
}
