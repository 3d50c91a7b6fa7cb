/**
 * The composition root: config + policy pack + store → core deps → Teams app, HTTP server and
 * background jobs. `main.ts` and the adapter tests both start the product through here.
 */
import type restify from 'restify';
import { createTeamsAdapter, createTeamsApp } from '../adapters/teams/teams-app';
import { TeamsDeliverer } from '../adapters/teams/teams-deliverer';
import { webApi } from '@slack/bolt';
import { type SlackRunning, createSlackApp } from '../adapters/slack/slack-app';
import { SlackDeliverer } from '../adapters/slack/slack-deliverer';
import type { CoreDeps } from '../core/deps';
import type { PolicyPack } from '../core/policy/schema';
import { type Clock, systemClock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import { type IdSource, randomIds } from '../ports/ids';
import type { Logger } from '../ports/logger';
import { type BackgroundJobs, startBackgroundJobs } from './background-jobs';
import { type Config, authEnabled, slackEnabled } from './config';
import { PlatformDeliverer } from './platform-deliverer';
import { type Scheduler, startScheduler } from './scheduler';
import { aupReminderJob } from '../core/aup/aup-jobs';
import { weeklyDigestJob } from '../core/digest/digest-jobs';
import { createHttpServer } from './http-server';

export interface RunningBot {
  server: restify.Server;
  deps: CoreDeps;
  jobs: BackgroundJobs;
  scheduler: Scheduler;
  url: string;
  /** The Slack receiver's base URL, when Slack runs over HTTP. */
  slackUrl?: string;
  close(): Promise<void>;
}

export async function createBot(args: {
  config: Config;
  pack: PolicyPack;
  store: DocumentStore;
  logger: Logger;
  clock?: Clock;
  ids?: IdSource;
  /** 0 picks a free port (tests). */
  port?: number;
  slackPort?: number;
}): Promise<RunningBot> {
  const { config, logger } = args;
  const deps: CoreDeps = { store: args.store, pack: args.pack, clock: args.clock ?? systemClock, ids: args.ids ?? randomIds };
  const adapter = createTeamsAdapter(config);
  const appId = config.MicrosoftAppId ?? '';
  const app = createTeamsApp({ deps, logger, appId, audience: 'https://api.botframework.com' }, adapter);
  const server = createHttpServer(adapter, app, logger);
  const scheduler = startScheduler(deps, [aupReminderJob, weeklyDigestJob], logger, { enabled: config.SCHEDULER === 'on' });
  // Catch up on anything missed while the bot was down (each job works out what is due from the clock).
  if (config.SCHEDULER === 'on') setTimeout(() => void scheduler.runAll(), 5_000).unref();
  let slack: SlackRunning | undefined;
  const deliverers: ConstructorParameters<typeof PlatformDeliverer>[1] = { teams: new TeamsDeliverer(deps, adapter, appId, logger) };
  const jobs = startBackgroundJobs(deps, new PlatformDeliverer(deps, deliverers), logger, {
    outboxMs: config.OUTBOX_INTERVAL_MS,
    nagMs: config.NAG_INTERVAL_MS,
  });
  if (slackEnabled(config) && config.SLACK_BOT_TOKEN) {
    const settings = { botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, apiUrl: config.SLACK_API_URL };
    slack = createSlackApp({ deps, logger, deliverNow: () => void jobs.flush() }, settings);
    // The sender has its own client: a rate limit comes back to the outbox as a retry with Slack's Retry-After.
    const sender = new webApi.WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    deliverers.slack = new SlackDeliverer(deps, sender, logger);
  }
  await new Promise<void>((resolve) => server.listen(args.port ?? config.PORT, '0.0.0.0', resolve));
  const port = (server.address() as { port: number }).port;
  const slackPort = await slack?.start(args.slackPort ?? config.SLACK_PORT);
  if (!authEnabled(config)) {
    logger.warn('auth.disabled', {
      message: 'NO Bot Framework credentials set: requests are NOT authenticated. For local use only; never expose this port.',
    });
  }
  return {
    server,
    deps,
    jobs,
    scheduler,
    url: `http://127.0.0.1:${port}`,
    slackUrl: slackPort === undefined ? undefined : `http://127.0.0.1:${slackPort}`,
    async close() {
      await slack?.stop();
      await scheduler.stop();
      await jobs.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
