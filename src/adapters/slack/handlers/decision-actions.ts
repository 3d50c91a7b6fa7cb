/**
 * What was decided and done, in Slack: a decisions button in the full-record modal pushes its form on
 * top (anywhere else it opens one); the form's submission is checked by core, a refused value answers
 * `response_action: 'errors'` beside the field, and a saved one closes the form and redraws the full
 * record beneath it (an audited read). Core checks who is acting (the incident's leads only) and audits
 * a refusal, which the person sees in plain words.
 */
import type { App, webApi } from '@slack/bolt';
import { personDeliveries } from '../../../core/assignments/delivery-report';
import { DECISION_BUTTONS, DECISION_SAVE } from '../../../core/casefile/decision-form';
import { openDecisionForm, recordDecision } from '../../../core/casefile/record-decision';
import { caseSectionsFor } from '../../../core/casefile/record-sections';
import type { OutboxMessage } from '../../../core/delivery/outbox';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import { readFullRecord } from '../../../core/incidents/act-on-incident';
import { describeFullRecord } from '../../../core/incidents/full-record-view';
import { recordNames } from '../../../core/incidents/record-names';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import { formValues } from '../../../core/wizard/form-values';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { decisionModal, decisionValues } from '../views/decision-modal';
import { type IncidentRef, parseCaseActionToken } from '../views/incident-token';
import { fullRecordModal } from '../views/incident-modals';
import type { ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';

const BUTTONS = Object.keys(DECISION_BUTTONS);

/** The full record as its modal, for a permitted reader (the read is audited). */
async function recordModal(ctx: SlackContext, actor: Actor, ref: IncidentRef): Promise<ModalView> {
  const incident = await readFullRecord(ctx.deps, actor, ref);
  const school = findSchool(ctx.deps.pack, incident.schoolId);
  const messages = await ctx.deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const deliveries = school ? personDeliveries(school, incident, messages, ctx.deps.pack.trust.roles) : undefined;
  const view = describeFullRecord(incident, school?.name ?? incident.schoolId, school ? recordNames(ctx.deps.pack, school, incident) : {}, deliveries);
  const sections = school ? await caseSectionsFor(ctx.deps, school, incident, actor) : [];
  return fullRecordModal(view, sections);
}

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

  app.view({ type: 'view_submission', callback_id: DECISION_SAVE }, async ({ ack, body, view, client }) => {
    const token = parseCaseActionToken(view.private_metadata);
    if (!token?.ref) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    const ref = { schoolId: token.schoolId, incidentId: token.incidentId };
    try {
      await recordDecision(ctx.deps, actor, { ...ref, ref: token.ref, values: formValues(decisionValues(view.state)) });
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.decision-form')], 'Online safety') });
      return;
    }
    ctx.deliverNow();
    let record: ModalView;
    try {
      record = await recordModal(ctx, actor, ref);
    } catch (error) {
      // Saved, but the record could not be drawn again: say so, not that nothing changed.
      explainError(error, ctx.logger, 'slack.decision-redraw');
      await ack({
        response_action: 'update',
        view: noticeModal('Saved', ['The decision is saved in the record. The full record could not be shown just now: open it again with Full record (do not save the form again).'], 'Online safety'),
      });
      return;
    }
    const under = (view as { previous_view_id?: string | null }).previous_view_id;
    if (!under) {
      await ack({ response_action: 'update', view: record });
      return;
    }
    // The form closes, and the full record it was opened from shows what was saved.
    await ack();
    await client.views.update({ view_id: under, view: record }).catch((error) => explainError(error, ctx.logger, 'slack.decision-redraw'));
  });
}
