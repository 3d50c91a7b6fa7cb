/**
 * What was decided and done, in Slack: a decisions button in the full-record modal pushes its form on
 * top (anywhere else it opens one); the form's submission is checked by core, a refused value answers
 * `response_action: 'errors'` beside the field, and a saved one closes the form and redraws the full
 * record beneath it (an audited read). Core checks who is acting (the incident's leads only) and audits
 * a refusal, which the person sees in plain words.
 */
import type { App, webApi } from '@slack/bolt';
import { DECISION_BUTTONS, DECISION_SAVE } from '../../../core/casefile/decision-form';
import { openDecisionForm, recordDecision } from '../../../core/casefile/record-decision';
import { explainError } from '../../../core/explain-error';
import type { Actor } from '../../../core/people/actor';
import { formValues } from '../../../core/wizard/form-values';
import type { SlackContext } from '../slack-context';
import { decisionModal, decisionValues } from '../views/decision-modal';
import { parseCaseActionToken } from '../views/incident-token';
import type { ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { onCaseFileFormSubmission, parseRefToken } from './form-submission';

const BUTTONS = Object.keys(DECISION_BUTTONS);

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody & { view?: { type?: string; id?: string } }, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = parseCaseActionToken(body.actions?.[0]?.value);
  if (!token) {
    ctx.logger.warn('slack.decision-bad-payload', { action });
    return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  }
  const inModal = body.view?.type === 'modal';
  let form: ModalView;
  try {
    form = decisionModal(await openDecisionForm(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, action, ref: token.ref }));
  } catch (error) {
    // Inside the full record a second modal cannot be opened, only pushed: the refusal goes on top.
    if (!inModal) throw error;
    form = noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.decision')], 'Online safety');
  }
  // Pressed inside the full record: the form goes on top, so closing it goes back to the record.
  if (inModal) await client.views.push({ trigger_id: body.trigger_id, view: form });
  else await client.views.open({ trigger_id: body.trigger_id, view: form });
}

/** The decisions buttons and the decision forms' submission. */
export function registerDecisionActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, BUTTONS, 'slack.decision', (client, b, actor) => press(ctx, client, b, actor));

  onCaseFileFormSubmission(app, ctx, {
    callbackId: DECISION_SAVE,
    parse: parseRefToken,
    save: (actor, token, state) => recordDecision(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, ref: token.ref, values: formValues(decisionValues(state)) }),
    logAs: 'slack.decision',
    saved: { title: 'Saved', line: 'The decision is saved in the record.' },
  });
}
