/**
 * The task buttons (on a task holder's DM, a lead's card and the channel card): Done marks the task at
 * once; Not needed opens a form for the reason. Core decides who may (only a holder of the task's role;
 * anyone else is refused and audited); a refusal is an ephemeral message. Every copy of the incident's
 * cards is then redrawn in place through the outbox.
 */
import type { App, webApi } from '@slack/bolt';
import { InvalidInputError } from '../../../core/errors';
import { explainError } from '../../../core/explain-error';
import type { Incident } from '../../../core/incidents/incident';
import { TASK_ACTIONS, type TaskAction, updateTask } from '../../../core/incidents/update-task';
import type { Actor } from '../../../core/people/actor';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { VALUE } from '../views/incident-modals';
import { parseTaskToken } from '../views/incident-token';
import { TASK_REASON_FORM, taskReasonModal } from '../views/task-message';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';
import { modalValues } from './modal-values';

const NOTHING_CHANGED = 'Nothing was changed';

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id as TaskAction;
  const ref = parseTaskToken(body.actions?.[0]?.value);
  if (!ref) {
    ctx.logger.warn('slack.task-bad-payload', { action });
    return tell(client, body, NOTHING_CHANGED, "This button's details were not recognised.");
  }
  if (action === 'task-done') {
    await updateTask(ctx.deps, actor, { ...ref, action });
    ctx.deliverNow();
    return;
  }
  // Asked without a reason first, so core refuses (and audits) anyone who may not mark it before a form
  // opens; for a holder it answers that the reason is missing, which is what the form is for.
  try {
    await updateTask(ctx.deps, actor, { ...ref, action, values: {} });
  } catch (error) {
    if (!(error instanceof InvalidInputError) || !error.fieldErrors.reason) throw error;
  }
  const incident = await ctx.deps.store.get<Incident>('incidents', ref.schoolId, ref.incidentId);
  const task = incident?.tasks.find((t) => t.id === ref.taskId);
  if (!incident || !task) return tell(client, body, NOTHING_CHANGED, 'That task could not be found.');
  await client.views.open({ trigger_id: body.trigger_id, view: taskReasonModal(ref, incident.reference, task.text) });
}

export function registerTaskActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, TASK_ACTIONS, 'slack.task', (client, b, actor) => press(ctx, client, b, actor));

  app.view({ type: 'view_submission', callback_id: TASK_REASON_FORM }, async ({ ack, body, view }) => {
    const ref = parseTaskToken(view.private_metadata);
    if (!ref) {
      await ack({ response_action: 'update', view: noticeModal(NOTHING_CHANGED, ["This form's details were not recognised."], 'Online safety') });
      return;
    }
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    try {
      await updateTask(ctx.deps, actor, { ...ref, action: 'task-not-needed', values: modalValues(view.state, VALUE) });
      await ack();
      ctx.deliverNow();
    } catch (error) {
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length) {
        await ack({ response_action: 'errors', errors: error.fieldErrors });
        return;
      }
      await ack({ response_action: 'update', view: noticeModal(NOTHING_CHANGED, [explainError(error, ctx.logger, 'slack.task-form')], 'Online safety') });
    }
  });
}
