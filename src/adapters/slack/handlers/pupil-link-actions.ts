/**
 * The full record's pupils section in Slack: "Change part", "Remove" and "Add a pupil" push their form on
 * top of the full-record modal (anywhere else they open one); on "Add a pupil" the register is searched
 * as the lead types (an external select answered here); the form's save is checked by core, a refused
 * value answers `response_action: 'errors'` beside its field, and a saved one closes the form and redraws
 * the full record beneath it. Core checks who is acting (the incident's leads) and audits a refusal.
 */
import type { App, webApi } from '@slack/bolt';
import { personDeliveries } from '../../../core/assignments/delivery-report';
import { PUPIL_LINK_ACTIONS, correctLink, openLinkForm, searchPupilsForLink } from '../../../core/casefile/correct-links';
import { caseSectionsFor } from '../../../core/casefile/record-sections';
import type { OutboxMessage } from '../../../core/delivery/outbox';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import { readFullRecord } from '../../../core/incidents/act-on-incident';
import { describeFullRecord } from '../../../core/incidents/full-record-view';
import { recordNames } from '../../../core/incidents/record-names';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { type IncidentRef, parseCaseActionToken } from '../views/incident-token';
import { fullRecordModal } from '../views/incident-modals';
import { pupilLinkModal, pupilLinkValues } from '../views/pupil-link-modal';
import type { ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';
import { pupilOption } from '../views/wizard-pupils';
import { type ButtonBody, onButtons, tell } from './escalation-actions';

const BUTTONS = [PUPIL_LINK_ACTIONS.change, PUPIL_LINK_ACTIONS.remove, PUPIL_LINK_ACTIONS.add];

async function recordModal(ctx: SlackContext, actor: Actor, ref: IncidentRef): Promise<ModalView> {
  const incident = await readFullRecord(ctx.deps, actor, ref);
  const school = findSchool(ctx.deps.pack, incident.schoolId);
  const messages = await ctx.deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const deliveries = school ? personDeliveries(school, incident, messages, ctx.deps.pack.trust.roles) : undefined;
  const view = describeFullRecord(incident, school?.name ?? incident.schoolId, school ? recordNames(ctx.deps.pack, school, incident) : {}, deliveries);
  const sections = school ? await caseSectionsFor(ctx.deps, school, incident, actor) : [];
  return fullRecordModal(view, sections);
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody & { view?: { type?: string } }, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = parseCaseActionToken(body.actions?.[0]?.value);
  if (!token) {
    ctx.logger.warn('slack.pupil-link-bad-payload', { action });
    return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  }
  const form = pupilLinkModal(await openLinkForm(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, action, ref: token.ref }));
  // Pressed inside the full record: the form goes on top, so closing it goes back to the record.
  if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view: form });
  else await client.views.open({ trigger_id: body.trigger_id, view: form });
}

/** The pupils section's buttons, the add form's search, and the forms' submission. */
export function registerPupilLinkActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, BUTTONS, 'slack.pupil-link', (client, b, actor) => press(ctx, client, b, actor));

  // Only a lead of the incident named in the form's metadata finds anyone.
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: PUPIL_LINK_ACTIONS.search }, async ({ ack, body }) => {
    const b = body as { user?: { id?: string; name?: string }; value?: unknown; view?: { private_metadata?: string } };
    const token = parseCaseActionToken(b.view?.private_metadata);
    if (!token || !b.user?.id) {
      await ack({ options: [] });
      return;
    }
    try {
      const actor = slackActor(ctx.deps.pack, b.user.id, b.user.name);
      const matches = await searchPupilsForLink(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, text: b.value });
      await ack({ options: matches.map(pupilOption) });
    } catch (error) {
      explainError(error, ctx.logger, 'slack.pupil-link-search');
      await ack({ options: [] });
    }
  });

  app.view({ type: 'view_submission', callback_id: PUPIL_LINK_ACTIONS.save }, async ({ ack, body, view, client }) => {
    const token = parseCaseActionToken(view.private_metadata);
    if (!token?.ref) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    const ref = { schoolId: token.schoolId, incidentId: token.incidentId };
    try {
      await correctLink(ctx.deps, actor, { ...ref, ref: token.ref, values: pupilLinkValues(view.state) });
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.pupil-link-form')], 'Online safety') });
      return;
    }
    ctx.deliverNow();
    let record: ModalView;
    try {
      record = await recordModal(ctx, actor, ref);
    } catch (error) {
      // Saved, but the record could not be drawn again: say so, not that nothing changed.
      await ack({ response_action: 'update', view: noticeModal('Saved', ['The correction is saved in the record.', explainError(error, ctx.logger, 'slack.pupil-link-redraw')], 'Online safety') });
      return;
    }
    const under = (view as { previous_view_id?: string | null }).previous_view_id;
    if (!under) {
      await ack({ response_action: 'update', view: record });
      return;
    }
    await ack();
    await client.views.update({ view_id: under, view: record }).catch((error) => explainError(error, ctx.logger, 'slack.pupil-link-redraw'));
  });
}
