/**
 * The whole Slack transport as the composition root sees it: the Bolt app (on its own port, in Socket
 * Mode, or as a route on the bot's own server), the deliverer the outbox sends through, and the
 * reachability `setup check` asks. Bolt and the Web API client never leave this folder.
 */
import { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Deliverer } from '../../core/delivery/dispatch-outbox';
import type { Reachability } from '../../core/delivery/reachability';
import type { Logger } from '../../ports/logger';
import type { PlatformRoute } from '../../ports/platform-route';
import { SLACK_EVENTS_PATH, type SlackSettings, createSlackApp } from './slack-app';
import { SlackDeliverer } from './slack-deliverer';
import { SlackReachability } from './slack-reachability';

/** What the composition root mounts, sends through, starts and stops. */
export interface SlackPlatform {
  /**
   * `/slack/events` for the bot's own server when Slack shares its port (HTTP mode with `port: 'same'`);
   * none otherwise. The route reads the raw body itself: Slack signs the bytes.
   */
  routes: PlatformRoute[];
  /** True when `routes` carries Slack's requests on the bot's own port. */
  sharesPort: boolean;
  deliverer: Deliverer;
  reachability: Reachability;
  /** Starts the app: its own HTTP port (returned), the Socket Mode connection, or nothing of its own when it shares the port. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface SlackPlatformArgs {
  deps: CoreDeps;
  logger: Logger;
  settings: SlackSettings;
  /** A port of its own (0 picks a free one) or `'same'`: the bot's own server carries `/slack/events`. */
  port: number | 'same';
  /** Asks the outbox to deliver now. */
  deliverNow: () => void;
}

export function createSlackPlatform(args: SlackPlatformArgs): SlackPlatform {
  const { deps, logger, settings, port } = args;
  const slack = createSlackApp({ deps, logger, deliverNow: args.deliverNow }, settings);
  // The sender has its own client: a rate limit comes back to the outbox as a retry with Slack's Retry-After.
  const sender = new webApi.WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const listener = port === 'same' ? slack.requestListener : undefined;
  return {
    routes: listener ? [{ kind: 'raw', path: SLACK_EVENTS_PATH, listener: (req, res) => void listener(req, res) }] : [],
    sharesPort: Boolean(listener),
    deliverer: new SlackDeliverer(deps, sender, logger),
    reachability: new SlackReachability(deps, sender, logger),
    start: () => slack.start(port),
    stop: () => slack.stop(),
  };
}
