/**
 * The escalation buttons (in the DSL channel, a DM, or the Home tab) and the forms they open. Core checks
 * who is acting on every press and every submission; a refusal is an ephemeral message (or a modal on the
 * Home tab) and is audited by core. Every copy of the message is updated in place through the outbox.
 */
import type { App, webApi } from '@slack/bolt';
import { personDeliveries } from '../../../core/assignments/delivery-report';
import type { OutboxMessage } from '../../../core/delivery/outbox';
import { explainError } from '../../../core/explain-error';
import { InvalidInputError } from '../../../core/errors';
import { caseSectionsFor } from '../../../core/casefile/record-sections';
import { actOnIncident, readFullRecord, viewEscalationSummary } from '../../../core/incidents/act-on-incident';
import { ESCALATION_ACTIONS, type EscalationAction } from '../../../core/incidents/escalation-actions';
import { describeEscalation } from '../../../core/incidents/escalation-view';
import { describeFullRecord } from '../../../core/incidents/full-record-view';
import { recordNames } from '../../../core/incidents/record-names';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { parseIncidentToken } from '../views/incident-token';
import { FORM_ACTIONS, FORM_PREFIX, type FormAction, VALUE, actionFormModal, fullRecordModal } from '../views/incident-modals';
import { noticeModal } from '../views/wizard-modal';
import { escapeText } from '../views/block-kit';
import { modalValues } from './modal-values';
import { publishHome } from './app-home';

export interface ButtonBody {
  user: { id: string; name?: string };
  trigger_id: string;
  channel?: { id: string };
  view?: { type?: string };
  actions?: Array<{ action_id: string; value?: string }>;
}

/** A word back to the person who pressed: ephemeral beside the message, or a small modal (Home tab). */
export async function tell(client: webApi.WebClient, body: ButtonBody, title: string, line: string): Promise<void> {
  if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: escapeText(`${title}: ${line}`) });
  else await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(title, [line], 'Online safety') });
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id as EscalationAction;
  const ref = parseIncidentToken(body.actions?.[0]?.value);
  if (!ref) {
    ctx.logger.warn('slack.escalation-bad-payload', { action });
    return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  }
  if (action === 'full-record') {
    const incident = await readFullRecord(ctx.deps, actor, ref);
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    // Who it reached, person by person, from the outbox's own records of what Slack acknowledged.
    const messages = await ctx.deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
    const deliveries = school ? personDeliveries(school, incident, messages, ctx.deps.pack.trust.roles) : undefined;
    const view = describeFullRecord(incident, school?.name ?? incident.schoolId, school ? recordNames(ctx.deps.pack, school, incident) : {}, deliveries);
    const sections = school ? await caseSectionsFor(ctx.deps, school, incident, actor) : [];
    // Pressed inside a modal (a child's file): the record goes on top, so closing it goes back there.
    if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view: fullRecordModal(view, sections) });
    else await client.views.open({ trigger_id: body.trigger_id, view: fullRecordModal(view, sections) });
    return;
  }
  if ((FORM_ACTIONS as readonly string[]).includes(action)) {
    const incident = await viewEscalationSummary(ctx.deps, actor, ref);
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    if (!school) return tell(client, body, 'Nothing was changed', 'That school is no longer in the policy pack.');
    await client.views.open({ trigger_id: body.trigger_id, view: actionFormModal(action as FormAction, describeEscalation(ctx.deps.pack, school, incident, [], ctx.deps.clock.now())) });
    return;
  }
  await actOnIncident(ctx.deps, actor, { ...ref, action });
  ctx.deliverNow();
  if (body.view?.type === 'home') await publishHome(ctx, client, actor);
}

/**
 * One button listener: acknowledge at once, identify who pressed, run `handle`, and answer a refusal or
 * failure in plain words (privately). Case-card and task buttons share it.
 */
export function onButtons(app: App, ctx: SlackContext, actionIds: readonly string[], logTag: string, handle: (client: webApi.WebClient, body: ButtonBody, actor: Actor) => Promise<void>): void {
  app.action({ type: 'block_actions', action_id: new RegExp(`^(${actionIds.join('|')})$`) }, async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as ButtonBody;
    const actor = slackActor(ctx.deps.pack, b.user.id, b.user.name);
    try {
      await handle(client, b, actor);
    } catch (error) {
      await tell(client, b, 'Nothing was changed', explainError(error, ctx.logger, logTag)).catch(() => undefined);
    }
  });
}

export function registerEscalationActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, ESCALATION_ACTIONS, 'slack.escalation', (client, b, actor) => press(ctx, client, b, actor));

  app.view({ type: 'view_submission', callback_id: new RegExp(`^${FORM_PREFIX}`) }, async ({ ack, body, view, client }) => {
    const action = view.callback_id.slice(FORM_PREFIX.length) as FormAction;
    const ref = parseIncidentToken(view.private_metadata);
    if (!ref || !(FORM_ACTIONS as readonly string[]).includes(action)) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      await actOnIncident(ctx.deps, actor, { ...ref, action, values: modalValues(view.state, VALUE) });
      await ack();
      ctx.deliverNow();
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.escalation-form')], 'Online safety') });
      return;
    }
    await publishHome(ctx, client, actor).catch((error) => explainError(error, ctx.logger, 'slack.home-refresh'));
  });
}
