/**
 * The yearly filtering and monitoring review in Teams: `filtering review` in a 1:1 chat opens the form
 * (for the roles that may record it; core refuses and audits anyone else), and its "Record the review"
 * button saves it. "Review recorded" only once the store has it; a refused answer shows the form again
 * with what was typed and what needs another look.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { InvalidInputError } from '../../../core/errors';
import { recordFilteringReview } from '../../../core/filtering/filtering-review';
import { describeRecordedReview, openReviewForm, reviewInputFrom } from '../../../core/filtering/review-form-view';
import { findSchool } from '../../../core/people/resolve-school';
import { noticeCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { reviewFormCardData } from '../cards/review-form-data';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

const notice = (title: string, lines: string[]) => renderCard('notice', noticeCardData(title, lines)) as Card;
const Payload = z.object({
  schoolId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9-]+$/),
});

/** `filtering review`: the form, only in a 1:1 chat (the answers describe the school's filtering). */
export async function handleReviewCommand(ctx: TeamsContext, context: TurnContext): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(
      MessageFactory.attachment(cardAttachment(notice('Please ask me in a 1:1 chat', ['The review describes how the school filters and monitors, so I only open it in a private chat.']))),
    );
    return;
  }
  try {
    const view = await openReviewForm(ctx.deps, teamsActor(context.activity));
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('review-form', reviewFormCardData(view)))));
  } catch (error) {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(notice('That did not work', [plainWords(error, ctx.logger, 'review')]))));
  }
}

/** The reminder's "Open the review form": the form for the person pressing it (core checks who they are). */
export async function handleReviewOpen(ctx: TeamsContext, context: TurnContext): Promise<Card> {
  try {
    return renderCard('review-form', reviewFormCardData(await openReviewForm(ctx.deps, teamsActor(context.activity)))) as Card;
  } catch (error) {
    return notice('That did not work', [plainWords(error, ctx.logger, 'review')]);
  }
}

/** The form's "Record the review": saved durably, then "Review recorded"; a refusal or a problem changes nothing. */
export async function handleReviewSave(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  if (!Payload.safeParse(data).success) {
    ctx.logger.warn('teams.review-bad-payload', {});
    return "This card's details were not recognised, so nothing was changed.";
  }
  const actor = teamsActor(context.activity);
  const values = cardValues(data);
  try {
    const { review, created } = await recordFilteringReview(ctx.deps, actor, reviewInputFrom(values));
    const said = describeRecordedReview(review, findSchool(ctx.deps.pack, review.schoolId)?.name ?? review.schoolId, created);
    return notice(said.title, said.lines);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) return notice('The review was not recorded', [plainWords(error, ctx.logger, 'review')]);
    // The form again, with what was typed and what needs another look.
    return renderCard('review-form', reviewFormCardData(await openReviewForm(ctx.deps, actor, values, Object.values(error.fieldErrors)))) as Card;
  }
}
