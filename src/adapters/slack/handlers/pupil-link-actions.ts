/**
 * The full record's pupils section in Slack: "Change part", "Remove" and "Add a pupil" push their form on
 * top of the full-record modal (anywhere else they open one); on "Add a pupil" the register is searched
 * as the lead types (an external select answered here); the form's save is checked by core, a refused
 * value answers `response_action: 'errors'` beside its field, and a saved one closes the form and redraws
 * the full record beneath it. Core checks who is acting (the incident's leads) and audits a refusal.
 */
import type { App, webApi } from '@slack/bolt';
import { PUPIL_LINK_ACTIONS, correctLink, openLinkForm, searchPupilsForLink } from '../../../core/casefile/correct-links';
import { explainError } from '../../../core/explain-error';
import type { Actor } from '../../../core/people/actor';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { parseCaseActionToken } from '../views/incident-token';
import { pupilLinkModal, pupilLinkValues } from '../views/pupil-link-modal';
import { pupilOption } from '../views/wizard-pupils';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { onCaseFileFormSubmission, parseRefToken } from './form-submission';

const BUTTONS = [PUPIL_LINK_ACTIONS.change, PUPIL_LINK_ACTIONS.remove, PUPIL_LINK_ACTIONS.add];

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

  onCaseFileFormSubmission(app, ctx, {
    callbackId: PUPIL_LINK_ACTIONS.save,
    parse: parseRefToken,
    save: (actor, token, state) => correctLink(ctx.deps, actor, { schoolId: token.schoolId, incidentId: token.incidentId, ref: token.ref, values: pupilLinkValues(state) }),
    logAs: 'slack.pupil-link',
    saved: { title: 'Saved', line: 'The correction is saved in the record.' },
  });
}
