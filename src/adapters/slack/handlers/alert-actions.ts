/**
 * The monitoring alert buttons in Slack: "Open a case" at once; "Not a concern" and "Already known"
 * open a small form (a reason; the case, chosen from the school's open cases or its reference typed). Core loads the alert and checks the person is the
 * DSL or a deputy (a refusal is audited and told privately); the message is then drawn again in place.
 */
import type { App, webApi } from '@slack/bolt';
import { explainError } from '../../../core/explain-error';
import { InvalidInputError } from '../../../core/errors';
import { ALERT_ACTIONS, describeBatch } from '../../../core/monitoring/alert-card-view';
import { knownCases } from '../../../core/monitoring/known-cases';
import { decisionFrom, triageAlert } from '../../../core/monitoring/triage-alert';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { ALERT_FORM_PREFIX, alertFormModal, alertMessage, parseAlertToken } from '../views/alert-message';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { modalValues } from './modal-values';

type Pressed = ButtonBody & { message?: { ts?: string } };

/** Draws the alert's card again where it was pressed (best effort: the store already holds the decision). */
async function redraw(ctx: SlackContext, client: webApi.WebClient, schoolId: string, batchId: string, where?: { channel?: string; ts?: string }): Promise<void> {
  const school = findSchool(ctx.deps.pack, schoolId);
  if (!school || !where?.channel || !where.ts) return;
  const view = await describeBatch(ctx.deps, school, batchId);
  await client.chat.update({ channel: where.channel, ts: where.ts, ...alertMessage(view, schoolId) }).catch((error) => ctx.logger.warn('slack.alert-redraw-failed', { error: (error as Error).name }));
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: Pressed, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = body.actions?.[0]?.value;
  const ref = parseAlertToken(token);
  if (!ref) return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  if (action === ALERT_ACTIONS.notAConcern || action === ALERT_ACTIONS.alreadyKnown) {
    // Who may is checked on saving; the form names the alert only by its row's words.
    const where = JSON.stringify({ t: token, c: body.channel?.id, s: body.message?.ts });
    const school = findSchool(ctx.deps.pack, ref.schoolId);
    const known = action === ALERT_ACTIONS.alreadyKnown && school ? await knownCases(ctx.deps, school) : [];
    await client.views.open({ trigger_id: body.trigger_id, view: alertFormModal(action, where, 'Monitoring alert', known) });
    return;
  }
  const { alert } = await triageAlert(ctx.deps, actor, ref.schoolId, ref.alertRef, { action: ALERT_ACTIONS.openCase });
  ctx.deliverNow();
  if (alert.triage?.outcome === 'opened') await tell(client, body, 'Done', `Opened as ${alert.triage.reference}.`);
  await redraw(ctx, client, ref.schoolId, alert.batchId, { channel: body.channel?.id, ts: body.message?.ts });
}

/** The alert buttons and their forms' submission. */
export function registerAlertActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, Object.values(ALERT_ACTIONS), 'slack.alert', (client, b, actor) => press(ctx, client, b as Pressed, actor));

  app.view({ type: 'view_submission', callback_id: new RegExp(`^${ALERT_FORM_PREFIX}`) }, async ({ ack, body, view, client }) => {
    const action = view.callback_id.slice(ALERT_FORM_PREFIX.length);
    let where: { t?: unknown; c?: unknown; s?: unknown } = {};
    try {
      where = JSON.parse(view.private_metadata);
    } catch {}
    const ref = parseAlertToken(where.t);
    const decision = decisionFrom(action, modalValues(view.state, 'value'));
    if (!ref || !decision) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      const { alert } = await triageAlert(ctx.deps, actor, ref.schoolId, ref.alertRef, decision);
      await ack();
      await redraw(ctx, client, ref.schoolId, alert.batchId, { channel: typeof where.c === 'string' ? where.c : undefined, ts: typeof where.s === 'string' ? where.s : undefined });
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.alert-form')], 'Online safety') });
    }
  });
}
