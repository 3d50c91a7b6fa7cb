/** The Home tab, drawn fresh each time it is opened and after an action taken from it. */
import type { App, webApi } from '@slack/bolt';
import { explainError } from '../../../core/explain-error';
import { listOpenEscalations, listOwnReports } from '../../../core/incidents/list-incidents';
import type { Actor } from '../../../core/people/actor';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { homeView } from '../views/home-view';

export const SLACK_EVENTS = ['app_home_opened'] as const;

export async function publishHome(ctx: SlackContext, client: webApi.WebClient, actor: Actor): Promise<void> {
  const [own, queue] = await Promise.all([listOwnReports(ctx.deps, actor), listOpenEscalations(ctx.deps, actor)]);
  const view = homeView({ own, queue: queue && { items: queue.items, more: queue.more } });
  await client.views.publish({ user_id: actor.userId, view });
}

export function registerAppHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(ctx, client, slackActor(ctx.deps.pack, event.user)).catch((error) => explainError(error, ctx.logger, 'slack.home'));
  });
}
