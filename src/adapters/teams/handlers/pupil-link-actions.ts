/**
 * The full record's pupils section in Teams: "Change part", "Remove" and "Add a pupil" answer with their
 * form (a card in the lead's 1:1 chat), the add form's "Search" redraws it with the matches, and the
 * form's save corrects the link and answers with the full record again. Core checks who is acting (the
 * incident's leads) and audits a refusal; a refused save shows the form again with what needs another look.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { LINK_INPUTS, type LinkFormView, PUPIL_LINK_ACTIONS, correctLink, openLinkForm, parseLinkRef } from '../../../core/casefile/correct-links';
import { InvalidInputError } from '../../../core/errors';
import type { Actor } from '../../../core/people/actor';
import { renderPupilLinkForm } from '../cards/pupil-link-form-data';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { recordCardAfterSave } from './record-card';
import { plainWords } from './reply';
import { notice } from './wizard-actions';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers. */
export const PUPIL_LINK_VERBS: readonly string[] = Object.values(PUPIL_LINK_ACTIONS);

const opaqueId = z
  .string()
  .min(1)
  .max(140)
  .regex(/^[A-Za-z0-9:_-]+$/);
// A section button without a ref ("Add a pupil") arrives with an empty one.
const LinkPayload = z.object({ schoolId: opaqueId, incidentId: opaqueId, ref: z.union([opaqueId, z.literal('')]).optional() });

/** The form a save came from, drawn again: the add form re-runs its search so the matches are still there. */
async function formAgain(ctx: TeamsContext, actor: Actor, ids: { schoolId: string; incidentId: string }, ref: string | undefined, values: Record<string, string>): Promise<LinkFormView> {
  const parsed = parseLinkRef(ref);
  if (parsed?.kind === 'add') return openLinkForm(ctx.deps, actor, { ...ids, action: PUPIL_LINK_ACTIONS.search, query: values[LINK_INPUTS.query] });
  const action = parsed?.kind === 'change' ? PUPIL_LINK_ACTIONS.change : PUPIL_LINK_ACTIONS.remove;
  return openLinkForm(ctx.deps, actor, { ...ids, action, ref: parsed?.pupilId });
}

export async function handlePupilLinkAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = LinkPayload.safeParse(data);
  if (!parsed.success || !PUPIL_LINK_VERBS.includes(verb)) {
    ctx.logger.warn('teams.pupil-link-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const actor = teamsActor(context.activity);
  const { schoolId, incidentId } = parsed.data;
  const ref = parsed.data.ref || undefined;
  const values = cardValues(data);
  try {
    if (verb === PUPIL_LINK_ACTIONS.save) {
      try {
        await correctLink(ctx.deps, actor, { schoolId, incidentId, ref, values });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        return renderPupilLinkForm(await formAgain(ctx, actor, { schoolId, incidentId }, ref, values), values, error.fieldErrors);
      }
      ctx.deliverNow?.();
      return recordCardAfterSave(ctx, actor, { schoolId, incidentId }, 'The correction is saved in the record.', 'pupil-link.redraw');
    }
    try {
      return renderPupilLinkForm(await openLinkForm(ctx.deps, actor, { schoolId, incidentId, action: verb, ref, query: values[LINK_INPUTS.query] }), values);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return renderPupilLinkForm(await openLinkForm(ctx.deps, actor, { schoolId, incidentId, action: PUPIL_LINK_ACTIONS.add }), {}, error.fieldErrors);
    }
  } catch (error) {
    return notice('That did not work', [plainWords(error, ctx.logger, `pupil-link.${verb}`)]);
  }
}
