/**
 * What was decided and done, in Teams: each button of the full record's decisions section answers with
 * its form; the form's "Save" records the decision and answers with the full record redrawn (an audited
 * read). A refused value brings the form back with what was typed and what needs another look. Core
 * checks who is acting (the incident's leads only) and audits a refusal.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { DECISION_ACTIONS, DECISION_SAVE, buttonForRef } from '../../../core/casefile/decision-form';
import { openDecisionForm, recordDecision } from '../../../core/casefile/record-decision';
import { InvalidInputError } from '../../../core/errors';
import { decisionFormCardData } from '../cards/decision-form-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { recordCardAfterSave } from './record-card';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers: the section's buttons and the forms' save. */
export const DECISION_VERBS: readonly string[] = DECISION_ACTIONS;

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);
const DecisionPayload = z.object({ schoolId: opaqueId, incidentId: opaqueId, ref: z.union([opaqueId, z.literal('')]).optional() });
const NOT_RECOGNISED = "This card's details were not recognised, so nothing was changed.";

/** One press of a decisions button or a decision form's Save. */
export async function handleDecisionAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = DecisionPayload.safeParse(data);
  if (!parsed.success || !DECISION_VERBS.includes(verb)) {
    ctx.logger.warn('teams.decision-bad-payload', { verb });
    return NOT_RECOGNISED;
  }
  const actor = teamsActor(context.activity);
  const { schoolId, incidentId, ref } = parsed.data;
  try {
    if (verb !== DECISION_SAVE) {
      return renderCard('decision-form', decisionFormCardData(await openDecisionForm(ctx.deps, actor, { schoolId, incidentId, action: verb, ref: ref || undefined }))) as Card;
    }
    const values = cardValues(data);
    try {
      await recordDecision(ctx.deps, actor, { schoolId, incidentId, ref, values });
    } catch (error) {
      const button = buttonForRef(ref);
      if (!(error instanceof InvalidInputError) || !button) throw error;
      const view = await openDecisionForm(ctx.deps, actor, { schoolId, incidentId, ...button });
      return renderCard('decision-form', decisionFormCardData(view, values, error.fieldErrors)) as Card;
    }
    ctx.deliverNow?.();
    // Saved: if the record cannot be drawn again now, say it was saved, never that nothing changed.
    return await recordCardAfterSave(ctx, actor, { schoolId, incidentId }, 'The decision is saved in the record.', 'decision.redraw');
  } catch (error) {
    return plainWords(error, ctx.logger, `decision.${verb}`);
  }
}
