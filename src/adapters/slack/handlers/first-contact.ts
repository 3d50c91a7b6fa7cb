/**
 * The first time someone uses a slash command they join the AUP register (their appointment), as on
 * Teams. Noted beside the request, not before it: the command is answered within Slack's 3 seconds.
 */
import type { App } from '@slack/bolt';
import { notePerson } from '../../../core/aup/register-people';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';

export function registerFirstContact(app: App, ctx: SlackContext): void {
  app.use(async ({ body, next }) => {
    const command = body as { command?: string; user_id?: string; user_name?: string };
    if (command.command && command.user_id) {
      const actor = slackActor(ctx.deps.pack, command.user_id, command.user_name);
      void notePerson(ctx.deps, { schoolId: resolveSchool(ctx.deps.pack, actor).id, platform: 'slack', userId: actor.userId, name: actor.name }).catch((error) =>
        ctx.logger.warn('slack.first-contact-failed', { error: (error as Error).name }),
      );
    }
    await next();
  });
}
