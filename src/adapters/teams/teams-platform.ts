/**
 * The whole Teams transport as the composition root sees it: the route it serves, the deliverer the
 * outbox sends through, the reachability `setup check` asks, and a close. The botbuilder adapter and
 * the teams-ai `Application` are built here and never leave this folder, so a move to another Teams
 * SDK changes this folder (and the config keys), not the server or the wiring.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { CoreDeps } from '../../core/deps';
import type { Deliverer } from '../../core/delivery/dispatch-outbox';
import type { Reachability } from '../../core/delivery/reachability';
import type { Logger } from '../../ports/logger';
import type { PlatformRoute } from '../../ports/platform-route';
import { botFrameworkRoute } from './bot-framework-route';
import { createTeamsApp } from './teams-app';
import { TeamsDeliverer } from './teams-deliverer';

/** The Bot Framework's public token audience, for proactive sends. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

/** The app registration, as the config names its keys. */
export interface TeamsCredentials {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType?: string;
  MicrosoftAppTenantId?: string;
}

/** With no app id the adapter accepts unauthenticated local traffic; with one, every token is validated. */
function createTeamsAdapter(credentials: TeamsCredentials): TeamsAdapter {
  if (!credentials.MicrosoftAppId) return new TeamsAdapter({});
  return new TeamsAdapter({
    MicrosoftAppId: credentials.MicrosoftAppId,
    MicrosoftAppPassword: credentials.MicrosoftAppPassword ?? '',
    MicrosoftAppType: credentials.MicrosoftAppType ?? 'SingleTenant',
    MicrosoftAppTenantId: credentials.MicrosoftAppTenantId ?? '',
  });
}

/** What the composition root mounts, sends through and stops. */
export interface TeamsPlatform {
  /** `POST /api/messages`. */
  routes: PlatformRoute[];
  /** Sends outbox messages to Teams. */
  deliverer: Deliverer;
  /** Whether Teams can reach a role holder or the channel now, by the rules the deliverer sends by. */
  reachability: Reachability;
  /** Releases what the transport holds once the server has drained (botbuilder holds nothing between turns). */
  close(): Promise<void>;
}

export interface TeamsPlatformArgs {
  deps: CoreDeps;
  logger: Logger;
  /** The app registration; with no app id every request is accepted unauthenticated (local use only). */
  credentials: TeamsCredentials;
  /** Runs an outbox pass now, so what a button or a report queued goes out at once. */
  deliverNow: () => void;
}

/** Builds the Teams adapter, the bot and its sender from the app registration. */
export function createTeamsPlatform(args: TeamsPlatformArgs): TeamsPlatform {
  const { deps, logger, credentials } = args;
  const adapter = createTeamsAdapter(credentials);
  const appId = credentials.MicrosoftAppId ?? '';
  const app = createTeamsApp({ deps, logger, appId, audience: BOT_FRAMEWORK_AUDIENCE, deliverNow: args.deliverNow }, adapter);
  const deliverer = new TeamsDeliverer(deps, adapter, appId, logger, BOT_FRAMEWORK_AUDIENCE);
  return {
    // With an app id the adapter validates every token, so a request with none is refused at the door.
    routes: [botFrameworkRoute(adapter, app, logger, { requireBearer: Boolean(credentials.MicrosoftAppId) })],
    deliverer,
    reachability: deliverer.reachability(),
    close: async () => undefined,
  };
}
