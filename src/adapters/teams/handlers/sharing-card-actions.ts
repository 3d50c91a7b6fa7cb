/**
 * Sharing a case in Teams: the full record's "Share with a colleague" (the form) and "Revoke", the
 * form's "Share", and the colleague's "Mark the task done" on their message. Core checks who is acting
 * (a lead to share or revoke; the colleague, while the share lasts, for their task) and audits.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { describeCaseShared } from '../../../core/casefile/case-shared-view';
import { doSharedTask, openShareForm, revokeShare, shareCase } from '../../../core/casefile/share-case';
import { SHARING_ACTIONS } from '../../../core/casefile/sharing-section';
import { InvalidInputError } from '../../../core/errors';
import { findSchool } from '../../../core/people/resolve-school';
import { caseSharedCardData, shareFormCardData } from '../cards/case-shared-data';
import { noticeCardData } from '../cards/card-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { recordCardAfterSave } from './record-card';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers. */
export const SHARING_VERBS: readonly string[] = Object.values(SHARING_ACTIONS);

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);
const SharePayload = z.object({ schoolId: opaqueId, incidentId: opaqueId, ref: z.union([opaqueId, z.literal('')]).optional() });

const notice = (title: string, lines: string[]) => renderCard('notice', noticeCardData(title, lines)) as Card;

export async function handleSharingAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = SharePayload.safeParse(data);
  if (!parsed.success || !SHARING_VERBS.includes(verb)) {
    ctx.logger.warn('teams.sharing-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const actor = teamsActor(context.activity);
  const { schoolId, incidentId, ref } = parsed.data;
  try {
    switch (verb) {
      case SHARING_ACTIONS.openForm:
        return renderCard('share-form', shareFormCardData(await openShareForm(ctx.deps, actor, { schoolId, incidentId }))) as Card;
      case SHARING_ACTIONS.save: {
        const values = cardValues(data);
        try {
          await shareCase(ctx.deps, actor, { schoolId, incidentId, values });
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          // The form again, with what was typed and what needs another look.
          const view = await openShareForm(ctx.deps, actor, { schoolId, incidentId });
          return renderCard('share-form', shareFormCardData(view, values, Object.values(error.fieldErrors).join(' '))) as Card;
        }
        ctx.deliverNow?.();
        return recordCardAfterSave(ctx, actor, { schoolId, incidentId }, 'The case is shared.', 'sharing.redraw');
      }
      case SHARING_ACTIONS.revoke:
        if (!ref) return "This card's details were not recognised, so nothing was changed.";
        await revokeShare(ctx.deps, actor, { schoolId, incidentId, shareId: ref });
        return recordCardAfterSave(ctx, actor, { schoolId, incidentId }, 'The share is revoked.', 'sharing.redraw');
      default: {
        if (!ref) return "This card's details were not recognised, so nothing was changed.";
        const { incident, share } = await doSharedTask(ctx.deps, actor, { schoolId, incidentId, shareId: ref });
        const school = findSchool(ctx.deps.pack, incident.schoolId);
        return renderCard('case-shared', caseSharedCardData(describeCaseShared(incident, share, ctx.deps.clock.now(), school?.timeZone))) as Card;
      }
    }
  } catch (error) {
    return notice('That did not work', [plainWords(error, ctx.logger, `sharing.${verb}`)]);
  }
}
