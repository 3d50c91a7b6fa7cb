/** The wizard's buttons: validate the card's ids, run one step in core, answer with the next card. */
import type { TurnContext } from 'botbuilder';
import { WIZARD_ACTIONS } from '../../../core/incidents/escalation-actions';
import type { WizardInput } from '../../../core/wizard/wizard-state';
import { stepReport } from '../../../core/incidents/report-wizard';
import { noticeCardData, renderReceiptCard, renderWizardCard } from '../cards/card-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { WizardPayload, cardValues } from './card-payload';
import { plainWords } from './reply';

const ACTION_BY_VERB: Record<string, WizardInput['action']> = {
  [WIZARD_ACTIONS.next]: 'next',
  [WIZARD_ACTIONS.back]: 'back',
  [WIZARD_ACTIONS.cancel]: 'cancel',
  [WIZARD_ACTIONS.submit]: 'submit',
};

export const WIZARD_VERBS = Object.keys(ACTION_BY_VERB);

export function notice(title: string, lines: string[]): Record<string, unknown> & { type: 'AdaptiveCard' } {
  return renderCard('notice', noticeCardData(title, lines)) as Record<string, unknown> & { type: 'AdaptiveCard' };
}

export async function handleWizardAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = WizardPayload.safeParse(data);
  const action = ACTION_BY_VERB[verb];
  if (!parsed.success || !action) {
    ctx.logger.warn('teams.wizard-bad-payload', { verb });
    return notice('This card cannot be used', ['Its details were not recognised, so nothing was changed. Type **report** to start again.']);
  }
  try {
    // The receipt replaces the submitted card, so Teams needs no second receipt message.
    const outcome = await stepReport(ctx.deps, parsed.data, teamsActor(context.activity), { action, values: cardValues(data) }, { receiptShownInCard: true });
    switch (outcome.kind) {
      case 'view':
        return renderWizardCard(outcome.view, parsed.data) as { type: 'AdaptiveCard' };
      case 'submitted':
        ctx.deliverNow?.();
        return renderReceiptCard(outcome.receipt) as { type: 'AdaptiveCard' };
      case 'cancelled':
        return notice('Report cancelled', ['Nothing was sent. Type **report** whenever you need to start again.']);
    }
  } catch (error) {
    return notice('That did not work', [plainWords(error, ctx.logger, 'wizard')]);
  }
}
