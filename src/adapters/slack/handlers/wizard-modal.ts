/**
 * The report wizard in a modal: `/report` (or the Home tab's button) opens it with `views.open` straight
 * after the ack; each step answers a submission with `response_action: 'update'` (or `'errors'` beside
 * the field) and a choice button with `views.update`, so the modal never stacks views. The receipt is
 * shown in the modal and arrives by DM through the outbox.
 */
import type { App, webApi } from '@slack/bolt';
import { explainError } from '../../../core/explain-error';
import { WIZARD_ACTIONS } from '../../../core/incidents/escalation-actions';
import type { Actor } from '../../../core/people/actor';
import { resolveSchool } from '../../../core/people/resolve-school';
import { type StepOutcome, searchPupilsForReport, startReport, stepReport } from '../../../core/incidents/report-wizard';
import type { WizardInput } from '../../../core/wizard/wizard-state';
import { TooManyReportsError } from '../../../core/wizard/report-rate-limit';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { START_REPORT_ACTION } from '../views/home-view';
import { parseWizardToken, wizardToken } from '../views/incident-token';
import { receiptBlocks } from '../views/notice-messages';
import type { ModalView } from '../views/slack-types';
import { FIELD_ACTION, WIZARD_TITLE, errorBlockId, noticeModal, wizardModal } from '../views/wizard-modal';
import { modalValues } from './modal-values';
import { PUPIL_SEARCH_ACTION, chosenMatch, pupilOption } from '../views/wizard-pupils';

type Answer = { response_action: 'update'; view: ModalView } | { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'clear' };

const CANNOT_CONTINUE = noticeModal('This report cannot be continued', ['Its details were not recognised, so nothing was changed. Type /report to start again.']);

export async function openWizard(ctx: SlackContext, client: webApi.WebClient, triggerId: string, actor: Actor): Promise<void> {
  let started: Awaited<ReturnType<typeof startReport>>;
  try {
    started = await startReport(ctx.deps, actor);
  } catch (error) {
    if (!(error instanceof TooManyReportsError)) throw error;
    ctx.logger.warn('report.rate-limited', { platform: 'slack', waitMinutes: error.waitMinutes });
    await client.views.open({ trigger_id: triggerId, view: noticeModal('Please wait a moment', [error.userMessage]) });
    return;
  }
  const { view, ref } = started;
  await client.views.open({ trigger_id: triggerId, view: wizardModal(view, wizardToken(ref.wizardId, view.revision)) });
}

async function step(ctx: SlackContext, token: unknown, actor: Actor, input: WizardInput): Promise<StepOutcome | undefined> {
  const parsed = parseWizardToken(token);
  if (!parsed) {
    ctx.logger.warn('slack.wizard-bad-metadata', {});
    return undefined;
  }
  const school = resolveSchool(ctx.deps.pack, actor);
  return stepReport(ctx.deps, { schoolId: school.id, wizardId: parsed.wizardId, revision: parsed.revision }, actor, input, { receiptShownInCard: false });
}

function answerFor(outcome: StepOutcome | undefined): Answer {
  if (!outcome) return { response_action: 'update', view: CANNOT_CONTINUE };
  switch (outcome.kind) {
    case 'cancelled':
      return { response_action: 'clear' };
    case 'submitted':
      return {
        response_action: 'update',
        view: { type: 'modal', title: { type: 'plain_text', text: WIZARD_TITLE }, close: { type: 'plain_text', text: 'Done' }, blocks: receiptBlocks(outcome.receipt) },
      };
    case 'view': {
      const { view } = outcome;
      const fieldIds = new Set((view.fields ?? []).map((f) => f.id as string));
      const keys = Object.keys(view.errors);
      if (keys.length && keys.every((k) => fieldIds.has(k))) {
        return { response_action: 'errors', errors: Object.fromEntries(keys.map((k) => [errorBlockId(k), view.errors[k] as string])) };
      }
      return { response_action: 'update', view: wizardModal(view, wizardToken(view.wizardId, view.revision)) };
    }
  }
}

export function registerWizard(app: App, ctx: SlackContext): void {
  const callbacks = new RegExp(`^(${WIZARD_ACTIONS.next}|${WIZARD_ACTIONS.submit})$`);

  app.view({ callback_id: callbacks, type: 'view_submission' }, async ({ ack, body, view }) => {
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    const action = view.callback_id === WIZARD_ACTIONS.submit ? 'submit' : 'next';
    try {
      const outcome = await step(ctx, view.private_metadata, actor, { action, values: { ...modalValues(view.state, FIELD_ACTION), ...chosenMatch(view.state) } });
      await ack(answerFor(outcome));
      if (outcome?.kind === 'submitted') ctx.deliverNow();
    } catch (error) {
      await ack({ response_action: 'update', view: noticeModal('That did not work', [explainError(error, ctx.logger, 'slack.wizard')]) });
    }
  });

  // Closing the modal is "Cancel": the report is marked cancelled and nothing is sent.
  app.view({ callback_id: callbacks, type: 'view_closed' }, async ({ ack, body, view }) => {
    await ack();
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    await step(ctx, view.private_metadata, actor, { action: 'cancel' }).catch((error) => explainError(error, ctx.logger, 'slack.wizard-cancel'));
  });

  const onButton =
    (action: 'next' | 'back') =>
    async ({ ack, body, client }: { ack: () => Promise<void>; body: unknown; client: webApi.WebClient }) => {
      await ack();
      const b = body as { user: { id: string; name?: string }; view?: { id: string; hash?: string; private_metadata?: string; state?: unknown }; actions?: Array<{ value?: string }> };
      if (!b.view) return;
      const actor = slackActor(ctx.deps.pack, b.user.id, b.user.name);
      const typed = { ...modalValues(b.view.state, FIELD_ACTION), ...chosenMatch(b.view.state) };
      const values = action === 'next' ? { ...typed, choice: b.actions?.[0]?.value ?? '' } : typed;
      let view: ModalView;
      try {
        const answer = answerFor(await step(ctx, b.view.private_metadata, actor, { action, values }));
        view = answer.response_action === 'update' ? answer.view : CANNOT_CONTINUE;
      } catch (error) {
        view = noticeModal('That did not work', [explainError(error, ctx.logger, 'slack.wizard-button')]);
      }
      // The hash makes Slack refuse an update drawn from a view that has changed since: a double press acts once.
      await client.views.update({ view_id: b.view.id, hash: b.view.hash, view }).catch((error: { data?: { error?: string } }) => {
        if (error.data?.error !== 'hash_conflict') ctx.logger.warn('slack.views-update-failed', { error: error.data?.error ?? 'unknown' });
      });
    };
  app.action({ type: 'block_actions', action_id: WIZARD_ACTIONS.next }, onButton('next'));
  app.action({ type: 'block_actions', action_id: WIZARD_ACTIONS.back }, onButton('back'));

  // The pupil step's search: Slack asks for matches as the person types; only the reporter's own wizard, at that step, finds anyone.
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: PUPIL_SEARCH_ACTION }, async ({ ack, body }) => {
    const b = body as { user?: { id?: string; name?: string }; value?: unknown; view?: { private_metadata?: string } };
    const parsed = parseWizardToken(b.view?.private_metadata);
    const typed = typeof b.value === 'string' ? b.value : '';
    if (!parsed || !b.user?.id) {
      await ack({ options: [] });
      return;
    }
    try {
      const actor = slackActor(ctx.deps.pack, b.user.id, b.user.name);
      const school = resolveSchool(ctx.deps.pack, actor);
      const matches = await searchPupilsForReport(ctx.deps, { schoolId: school.id, wizardId: parsed.wizardId }, actor, typed);
      await ack({ options: matches.map(pupilOption) });
    } catch (error) {
      explainError(error, ctx.logger, 'slack.pupil-search');
      await ack({ options: [] });
    }
  });

  app.action({ type: 'block_actions', action_id: START_REPORT_ACTION }, async ({ ack, body, client }) => {
    await ack();
    const actor = slackActor(ctx.deps.pack, body.user.id, body.user.name);
    await openWizard(ctx, client, body.trigger_id, actor).catch((error) => explainError(error, ctx.logger, 'slack.home-report'));
  });
}
