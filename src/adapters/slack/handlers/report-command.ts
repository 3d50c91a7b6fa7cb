/**
 * `/report`: acks at once (Slack allows 3 seconds, and a trigger id lives 3 seconds), then opens the
 * wizard. `/report register dsl channel` in a private channel makes it the school's escalation channel;
 * `/report setup check` tells the safeguarding leads and the head whom Slack can reach; `/report help`
 * says what the app does. Nothing about a report ever appears in the channel.
 */
import type { App } from '@slack/bolt';
import { recordAudit } from '../../../core/audit/audit-log';
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

export const REPORT_COMMAND = '/report';

export const HELP_TEXT = [
  'I help you report an online-safety concern and follow your school\'s procedure.',
  '• `/report` opens a private form: only you and the people your school names will see it.',
  '• `/aup` shows your acceptable use agreement and lets you sign it. Head teachers: `/digest` for the weekly digest.',
  '• Safeguarding leads: type `/report register dsl channel` in your private safeguarding channel (after inviting me to it) to receive escalations there.',
  '• Safeguarding leads, the online-safety lead and head teachers: `/report setup check` shows, privately, whether I can reach everyone your policy pack names, and what to fix.',
  '• Your reports, and for safeguarding leads the open queue, are on my Home tab.',
  'If a child is in immediate danger, call 999 first.',
].join('\n');

export function registerReportCommand(app: App, ctx: SlackContext): void {
  app.command(REPORT_COMMAND, async ({ command, ack, client, respond }) => {
    const text = command.text.trim();
    const actor = slackActor(ctx.deps.pack, command.user_id, command.user_name);
    if (/^help$/i.test(text)) {
      await ack({ response_type: 'ephemeral', text: HELP_TEXT });
      return;
    }
    if (/^register\s+dsl\s+channel$/i.test(text)) {
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
    if (/^setup\s+check$/i.test(text)) {
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
    await ack();
    try {
      await openWizard(ctx, client, command.trigger_id, actor);
    } catch (error) {
      await respond({ response_type: 'ephemeral', text: explainError(error, ctx.logger, 'slack.report') }).catch(() => undefined);
    }
  });
}
