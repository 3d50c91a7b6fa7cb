/**
 * The filtering buttons in Slack: Approve and Blocked again at once; Refuse opens a small form for the
 * reason. Core loads the entry and checks who is acting (a refusal is audited and told privately); the
 * message is then drawn again in place from what was stored.
 */
import type { App, webApi } from '@slack/bolt';
import { explainError } from '../../../core/explain-error';
import { InvalidInputError } from '../../../core/errors';
import { AlreadyDecidedError, approveUnblock, recordReblock, refuseUnblock } from '../../../core/filtering/decide-unblock';
import type { FilteringEntry } from '../../../core/filtering/filtering-entry';
import { describeAnswerFor, FILTERING_ACTIONS } from '../../../core/filtering/filtering-view';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { filteringMessage, parseFilteringToken, REFUSE_FORM, refuseFormModal } from '../views/filtering-message';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { modalValues } from './modal-values';

type Pressed = ButtonBody & { message?: { ts?: string } };

async function redraw(ctx: SlackContext, client: webApi.WebClient, entry: FilteringEntry, actor: Actor, where: { channel?: string; ts?: string }): Promise<void> {
  const school = findSchool(ctx.deps.pack, entry.schoolId);
  if (!school || !where.channel || !where.ts) return;
  await client.chat
    .update({ channel: where.channel, ts: where.ts, ...filteringMessage(describeAnswerFor(entry, school, ctx.deps.clock.now(), actor)) })
    .catch((error) => ctx.logger.warn('slack.filtering-redraw-failed', { error: (error as Error).name }));
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: Pressed): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = body.actions?.[0]?.value;
  const target = parseFilteringToken(token);
  if (!target) return tell(client, body, 'Nothing was changed', "This button's details were not recognised.");
  if (action === FILTERING_ACTIONS.refuse) {
    const where = JSON.stringify({ t: token, c: body.channel?.id, s: body.message?.ts });
    await client.views.open({ trigger_id: body.trigger_id, view: refuseFormModal(where, 'Refuse this unblock request') });
    return;
  }
  const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
  try {
    const entry = action === FILTERING_ACTIONS.approve ? await approveUnblock(ctx.deps, actor, target) : await recordReblock(ctx.deps, actor, target);
    ctx.deliverNow();
    const school = findSchool(ctx.deps.pack, entry.schoolId);
    // The technician is told to unblock it now; another approver only that it is approved.
    const approved = school ? describeAnswerFor(entry, school, ctx.deps.clock.now(), actor).title : `Approved: ${entry.what}`;
    await tell(client, body, 'Done', action === FILTERING_ACTIONS.approve ? `${approved}.` : `Logged: ${entry.what} is blocked again.`);
    await redraw(ctx, client, entry, actor, { channel: body.channel?.id, ts: body.message?.ts });
  } catch (error) {
    if (error instanceof AlreadyDecidedError) return tell(client, body, 'Nothing was changed', error.userMessage);
    throw error;
  }
}

/** The filtering buttons and the Refuse form's submission. */
export function registerFilteringActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, Object.values(FILTERING_ACTIONS), 'slack.filtering', (client, b) => press(ctx, client, b as Pressed));

  app.view({ type: 'view_submission', callback_id: REFUSE_FORM }, async ({ ack, body, view, client }) => {
    let where: { t?: unknown; c?: unknown; s?: unknown } = {};
    try {
      where = JSON.parse(view.private_metadata);
    } catch {}
    const target = parseFilteringToken(where.t);
    if (!target) {
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      const entry = await refuseUnblock(ctx.deps, actor, target, modalValues(view.state, 'value').reason ?? '');
      await ack();
      ctx.deliverNow();
      await redraw(ctx, client, entry, actor, { channel: typeof where.c === 'string' ? where.c : undefined, ts: typeof where.s === 'string' ? where.s : undefined });
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal('Nothing was changed', [explainError(error, ctx.logger, 'slack.filtering-refuse')], 'Online safety') });
    }
  });
}
