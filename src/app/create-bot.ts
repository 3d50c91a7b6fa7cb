/**
 * The composition root: config + policy pack + store → core deps → Teams app, HTTP server and
 * background jobs. `main.ts` and the adapter tests both start the product through here.
 */
import type restify from 'restify';
import { createTeamsAdapter, createTeamsApp } from '../adapters/teams/teams-app';
import { TeamsDeliverer } from '../adapters/teams/teams-deliverer';
import type { CoreDeps } from '../core/deps';
import type { PolicyPack } from '../core/policy/schema';
import { type Clock, systemClock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import { type IdSource, randomIds } from '../ports/ids';
import type { Logger } from '../ports/logger';
import { type BackgroundJobs, startBackgroundJobs } from './background-jobs';
import { type Config, authEnabled } from './config';
import { createHttpServer } from './http-server';

export interface RunningBot {
  server: restify.Server;
  deps: CoreDeps;
  jobs: BackgroundJobs;
  url: string;
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
}): Promise<RunningBot> {
  const { config, logger } = args;
  const deps: CoreDeps = { store: args.store, pack: args.pack, clock: args.clock ?? systemClock, ids: args.ids ?? randomIds };
  const adapter = createTeamsAdapter(config);
  const appId = config.MicrosoftAppId ?? '';
  const app = createTeamsApp({ deps, logger, appId, audience: 'https://api.botframework.com' }, adapter);
  const server = createHttpServer(adapter, app, logger);
  const jobs = startBackgroundJobs(deps, new TeamsDeliverer(deps, adapter, appId, logger), logger, {
    outboxMs: config.OUTBOX_INTERVAL_MS,
    nagMs: config.NAG_INTERVAL_MS,
  });
  await new Promise<void>((resolve) => server.listen(args.port ?? config.PORT, '0.0.0.0', resolve));
  const port = (server.address() as { port: number }).port;
  if (!authEnabled(config)) {
    logger.warn('auth.disabled', {
      message: 'NO Bot Framework credentials set: requests are NOT authenticated. For local use only; never expose this port.',
    });
  }
  return {
    server,
    deps,
    jobs,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await jobs.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
