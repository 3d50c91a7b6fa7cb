/**
 * The filtering card's buttons in Teams: Approve, Refuse (with the reason typed on the card) and Blocked
 * again. The card carries only the school and the entry's id; core loads the entry and checks who is
 * acting (a refusal is audited). The answer is the card drawn again from what was stored.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { AlreadyDecidedError, approveUnblock, recordReblock, refuseUnblock } from '../../../core/filtering/decide-unblock';
import { describeAnswerFor, FILTERING_ACTIONS, REFUSAL_REASON_INPUT } from '../../../core/filtering/filtering-view';
import { InvalidInputError } from '../../../core/errors';
import { findSchool } from '../../../core/people/resolve-school';
import { noticeCardData } from '../cards/card-data';
import { filteringCardData } from '../cards/filtering-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers. */
export const FILTERING_VERBS: readonly string[] = Object.values(FILTERING_ACTIONS);

const opaqueId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9:_.-]+$/);
const Payload = z.object({ schoolId: opaqueId, ref: opaqueId, [REFUSAL_REASON_INPUT]: z.string().max(2000).optional() });

const notice = (title: string, lines: string[]) => renderCard('notice', noticeCardData(title, lines)) as Card;

/** Handles one filtering button; answers with the card again, or a notice saying why nothing changed. */
export async function handleFilteringAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = Payload.safeParse(data);
  if (!parsed.success || !FILTERING_VERBS.includes(verb)) {
    ctx.logger.warn('teams.filtering-bad-payload', { verb });
    return notice('Nothing was changed', ["This card's details were not recognised."]);
  }
  const actor = teamsActor(context.activity);
  const target = { schoolId: parsed.data.schoolId, entryId: parsed.data.ref };
  try {
    const entry =
      verb === FILTERING_ACTIONS.approve
        ? await approveUnblock(ctx.deps, actor, target)
        : verb === FILTERING_ACTIONS.refuse
          ? await refuseUnblock(ctx.deps, actor, target, parsed.data[REFUSAL_REASON_INPUT] ?? '')
          : await recordReblock(ctx.deps, actor, target);
    const school = findSchool(ctx.deps.pack, entry.schoolId);
    return school ? (renderCard('filtering', filteringCardData(describeAnswerFor(entry, school, ctx.deps.clock.now(), actor))) as Card) : notice('Done', []);
  } catch (error) {
    if (error instanceof AlreadyDecidedError) {
      const school = findSchool(ctx.deps.pack, error.entry.schoolId);
      if (school) {
        const view = describeAnswerFor(error.entry, school, ctx.deps.clock.now(), actor);
        return renderCard('filtering', filteringCardData({ ...view, lines: [error.userMessage, ...view.lines] })) as Card;
      }
    }
    const lines = error instanceof InvalidInputError ? Object.values(error.fieldErrors) : [plainWords(error, ctx.logger, `filtering.${verb}`)];
    return notice('Nothing was changed', lines);
  }
}
