/**
 * Sharing a case in Slack: the full record's "Share with a colleague" pushes the form on top, its
 * submission is checked by core (a refused value answers beside its field) and a saved one closes the
 * form and redraws the record beneath; "Revoke" redraws the record; the colleague's "Mark the task done"
 * updates their DM. Core checks who is acting and audits.
 */
import type { App, webApi } from '@slack/bolt';
import { describeCaseShared } from '../../../core/casefile/case-shared-view';
import { doSharedTask, openShareForm, revokeShare, shareCase } from '../../../core/casefile/share-case';
import { SHARING_ACTIONS } from '../../../core/casefile/sharing-section';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import { formValues } from '../../../core/wizard/form-values';
import type { SlackContext } from '../slack-context';
import { caseSharedMessage } from '../views/case-shared-message';
import { parseCaseActionToken, parseIncidentToken } from '../views/incident-token';
import { shareModal, shareValues } from '../views/sharing-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { onCaseFileFormSubmission, recordModal } from './form-submission';

type Body = ButtonBody & { view?: { id?: string; type?: string }; message?: { ts?: string }; container?: { message_ts?: string; channel_id?: string } };

async function press(ctx: SlackContext, client: webApi.WebClient, body: Body, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = parseCaseActionToken(body.actions?.[0]?.value);
  if (!token || (action !== SHARING_ACTIONS.openForm && !token.ref)) {
    ctx.logger.warn('slack.sharing-bad-payload', { action });
    return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  }
  const ref = { schoolId: token.schoolId, incidentId: token.incidentId };
  if (action === SHARING_ACTIONS.openForm) {
    const form = shareModal(await openShareForm(ctx.deps, actor, ref));
    if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view: form });
    else await client.views.open({ trigger_id: body.trigger_id, view: form });
    return;
  }
  if (action === SHARING_ACTIONS.revoke) {
    await revokeShare(ctx.deps, actor, { ...ref, shareId: token.ref as string });
    const record = await recordModal(ctx, actor, ref);
    if (body.view?.type === 'modal' && body.view.id) await client.views.update({ view_id: body.view.id, view: record });
    else await client.views.open({ trigger_id: body.trigger_id, view: record });
    return;
  }
  const { incident, share } = await doSharedTask(ctx.deps, actor, { ...ref, shareId: token.ref as string });
  ctx.deliverNow();
  const school = findSchool(ctx.deps.pack, incident.schoolId);
  const message = caseSharedMessage(describeCaseShared(incident, share, ctx.deps.clock.now(), school?.timeZone));
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  if (channel && ts) await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
  else await tell(client, body, 'Done', 'Your task is marked done.');
}

/** The sharing buttons and the share form's submission. */
export function registerSharingActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, [SHARING_ACTIONS.openForm, SHARING_ACTIONS.revoke, SHARING_ACTIONS.taskDone], 'slack.sharing', (client, b, actor) => press(ctx, client, b as Body, actor));

  onCaseFileFormSubmission(app, ctx, {
    callbackId: SHARING_ACTIONS.save,
    parse: parseIncidentToken,
    save: (actor, ref, state) => shareCase(ctx.deps, actor, { ...ref, values: formValues(shareValues(state)) }),
    logAs: 'slack.share',
    saved: { title: 'Shared', line: 'The case is shared.' },
  });
}
