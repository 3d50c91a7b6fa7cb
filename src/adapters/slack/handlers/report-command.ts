/**
 * `/report`: acks at once (Slack allows 3 seconds, and a trigger id lives 3 seconds), then opens the
 * wizard. `/report register dsl channel` in a private channel makes it the school's escalation channel;
 * `/report setup check` tells the safeguarding leads and the head whom Slack can reach; `/report help`
 * says what the app does. Nothing about a report ever appears in the channel.
 */
import type { App } from '@slack/bolt';
import { recordAudit } from '../../../core/audit/audit-log';
import { helpText } from '../../../core/commands/help-text';
import { parseCommand, typedUnderOtherSlash } from '../../../core/commands/parse-command';
import { explainError } from '../../../core/explain-error';
import { actorRef, roleTitle, rolesOf } from '../../../core/people/actor';
import { resolveSchool } from '../../../core/people/resolve-school';
import { checkSetup } from '../../../core/setup/setup-check';
import { registerSlackDslChannel } from '../slack-channel';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { SlackReachability } from '../slack-reachability';
import { setupMessage } from '../views/setup-message';
import { openWizard } from './wizard-modal';
import { openPupilCommand } from './child-file';
import { casesAnswer } from './cases-command';
import { answerExport, answerTransfer } from './transfer-command';
import { answerFiltering, answerUnblock } from './filtering-command';
import { isReviewCommand } from '../../../core/filtering/review-form-view';
import { openReviewModal } from './review-modal';

/** The slash command for reports, help, the setup check and registering the safeguarding channel. */
export const REPORT_COMMAND = '/report';

export function registerReportCommand(app: App, ctx: SlackContext): void {
  app.command(REPORT_COMMAND, async ({ command, ack, client, respond }) => {
    const parsed = parseCommand(`${REPORT_COMMAND} ${command.text}`);
    const actor = slackActor(ctx.deps.pack, command.user_id, command.user_name);
    if (parsed.name === 'help') {
      await ack({ response_type: 'ephemeral', text: helpText('slack') });
      return;
    }
    if (parsed.name === 'register-dsl-channel') {
      const school = resolveSchool(ctx.deps.pack, actor);
      const roles = rolesOf(actor, school);
      const allowed = roles.includes('dsl') || roles.includes('deputy-dsl');
      await recordAudit(ctx.deps, { schoolId: school.id, actor: actorRef(actor), action: 'slack.register-dsl-channel', outcome: allowed ? 'ok' : 'refused' });
      if (!allowed) {
        await ack({ response_type: 'ephemeral', text: `Only the ${roleTitle(school, 'dsl')} or a deputy can choose where safeguarding concerns go.` });
        return;
      }
      if (command.channel_id.startsWith('D') || command.channel_name === 'directmessage') {
        await ack({ response_type: 'ephemeral', text: 'Type this in the private channel your safeguarding team uses, not in a direct message.' });
        return;
      }
      await registerSlackDslChannel(ctx.deps.store, school.id, command.channel_id, actor.userId, ctx.deps.clock.now());
      await ack({
        response_type: 'ephemeral',
        text: `Done. Safeguarding concerns for ${school.name} will now come to this channel. Keep it private to the safeguarding team, and make sure I am a member (/invite me) so I can post here.`,
      });
      return;
    }
    if (parsed.name === 'setup-check') {
      // Asking Slack about each holder can take longer than the 3 seconds an ack may wait: the answer follows by response_url.
      await ack({ response_type: 'ephemeral', text: 'Checking whom I can reach…' });
      const school = resolveSchool(ctx.deps.pack, actor);
      let answer: { text: string; blocks?: ReturnType<typeof setupMessage>['blocks'] };
      try {
        answer = setupMessage(await checkSetup(ctx.deps, actor, school, ctx.deps.reach ?? [new SlackReachability(ctx.deps, client, ctx.logger)]));
      } catch (error) {
        answer = { text: explainError(error, ctx.logger, 'slack.setup-check') };
      }
      await respond({ response_type: 'ephemeral', replace_original: true, ...answer }).catch((error) => explainError(error, ctx.logger, 'slack.setup-check-respond'));
      return;
    }
    if (parsed.name === 'cases') {
      await ack({ response_type: 'ephemeral', ...(await casesAnswer(ctx, actor, parsed.text)) });
      return;
    }
    if (parsed.name === 'transfer' || parsed.name === 'export') {
      // Making the files can take longer than the 3 seconds an ack may wait: the answer follows by response_url.
      await ack({ response_type: 'ephemeral', text: parsed.name === 'transfer' ? "Making the child's file…" : "Making the incident's record…" });
      const answer = parsed.name === 'transfer' ? answerTransfer : answerExport;
      await answer(ctx, client, actor, parsed.text, respond as Parameters<typeof answerTransfer>[4]);
      return;
    }
    if (parsed.name === 'filtering' && isReviewCommand(parsed.text)) {
      // The review's answers describe the school's filtering: they are typed in a private modal.
      await ack();
      await openReviewModal(ctx, client, command.trigger_id, actor).catch((error) => explainError(error, ctx.logger, 'slack.review-open'));
      return;
    }
    if (parsed.name === 'unblock' || parsed.name === 'filtering') {
      await ack({ response_type: 'ephemeral', ...(parsed.name === 'unblock' ? await answerUnblock(ctx, actor, parsed.text) : await answerFiltering(ctx, actor, parsed.text)) });
      return;
    }
    if (parsed.name === 'pupil') {
      // A child's file opens in a private modal; nothing about the child is posted where it was typed.
      await ack();
      await openPupilCommand(ctx, client, command.trigger_id, actor, parsed.text).catch((error) => explainError(error, ctx.logger, 'slack.child-file-open'));
      return;
    }
    const elsewhere = typedUnderOtherSlash(REPORT_COMMAND, command.text);
    if (elsewhere) {
      // `/report digest …` is not a report: say where it lives rather than open the report form.
      await ack({ response_type: 'ephemeral', text: `In Slack that has its own command. Type: ${elsewhere}` });
      return;
    }
    await ack();
    try {
      await openWizard(ctx, client, command.trigger_id, actor);
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: explainError(error, ctx.logger, 'slack.report') }).catch(() => undefined);
    }
  });
}
