/**
 * The composition root: config + policy pack + store → core deps → the chat platforms (Teams, and Slack
 * when configured), the HTTP server that mounts their routes, and background jobs. It composes only:
 * each platform's SDK stays in its adapter folder. `main.ts` and the adapter tests both start the
 * product through here.
 */
import type restify from 'restify';
import { createTeamsPlatform } from '../adapters/teams/teams-platform';
import { renderPdf } from '../adapters/pdf/render-pdf';
import { type SlackPlatform, createSlackPlatform } from '../adapters/slack/slack-platform';
import { unreachableHolders } from '../core/setup/setup-check';
import type { CoreDeps } from '../core/deps';
import type { PolicyPack } from '../core/policy/schema';
import { type Clock, systemClock } from '../ports/clock';
import type { DocumentStore } from '../ports/document-store';
import { type IdSource, randomIds } from '../ports/ids';
import type { Logger } from '../ports/logger';
import { type BackgroundJobs, startBackgroundJobs } from './background-jobs';
import { type Config, authEnabled, listenHost, slackEnabled } from './config';
import { PlatformDeliverer } from './platform-deliverer';
import { type Scheduler, startScheduler } from './scheduler';
import { aupReminderJob } from '../core/aup/aup-jobs';
import { weeklyDigestJob } from '../core/digest/digest-jobs';
import { retentionJob } from '../core/retention/retention-job';
import { transferReminderJob } from '../core/casefile/transfer-reminders-job';
import { reviewReminderJob } from '../core/filtering/review-reminders-job';
import { reblockReminderJob } from '../core/filtering/reblock-reminders-job';
import { createHttpServer } from './http-server';
import { withDeadline } from './with-deadline';
import { reportStartGate } from '../core/wizard/report-rate-limit';
import { join } from 'node:path';
import { BlobFileStore } from '../adapters/blob/blob-file-store';
import { evidenceLinkRoute } from '../adapters/files/evidence-link-route';
import { monitoringAlertsRoute } from '../adapters/monitoring/alert-route';
import { alertReminderJob } from '../core/monitoring/alert-reminders-job';
import { LocalFileStore } from '../adapters/files/local-file-store';
import type { FileStore } from '../ports/file-store';

/** The evidence file store EVIDENCE_STORE names: owner-only files under the data directory, or Azure Blob Storage. */
function openFileStore(config: Config): FileStore {
  if (config.EVIDENCE_STORE === 'local') return new LocalFileStore(join(config.DATA_DIR, 'evidence'));
  const container = config.EVIDENCE_BLOB_CONTAINER;
  return config.EVIDENCE_BLOB_CONNECTION_STRING
    ? new BlobFileStore({ connectionString: config.EVIDENCE_BLOB_CONNECTION_STRING, container })
    : new BlobFileStore({ accountUrl: config.EVIDENCE_BLOB_URL as string, container });
}

/** How long readiness waits for the store before calling it not ready (App Service probes every minute). */
const READINESS_TIMEOUT_MS = 2_000;

/** A point read and, where the store has one, its own round trip (Cosmos: the database and containers), within a bound. */
async function storeAnswers(store: DocumentStore): Promise<{ ok: boolean; cause?: string }> {
  const probe = Promise.all([store.get('leases', '_system', 'readiness-probe'), store.ready?.()]);
  let failure: string | undefined;
  const outcome = await withDeadline(
    probe.catch((error: unknown) => {
      const e = error as { code?: unknown; statusCode?: unknown; message?: unknown; name?: string };
      const missing = e?.code === 404 || e?.statusCode === 404 || /missing|not ?found/i.test(String(e?.message));
      failure = missing ? 'store-missing' : `store-error:${e?.name ?? 'Error'}`;
    }),
    READINESS_TIMEOUT_MS,
  );
  if (outcome === 'timed-out') return { ok: false, cause: `store-timeout-${READINESS_TIMEOUT_MS}ms` };
  return failure ? { ok: false, cause: failure } : { ok: true };
}

export interface RunningBot {
  server: restify.Server;
  /** Requests received and not yet answered. */
  inFlight(): number;
  deps: CoreDeps;
  jobs: BackgroundJobs;
  scheduler: Scheduler;
  url: string;
  /** The Slack receiver's base URL, when Slack runs over HTTP. */
  slackUrl?: string;
  /**
   * Graceful stop: readiness turns 503, no new connections, requests in flight are answered, the
   * scheduled job and outbox pass under way finish, and one last outbox pass sends what they queued;
   * all within `timeoutMs` (default SHUTDOWN_TIMEOUT_MS). Whatever is still queued stays in the store.
   */
  close(timeoutMs?: number): Promise<void>;
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
  slackPort?: number | 'same';
  /** Where evidence files go (tests); by default as EVIDENCE_STORE says. */
  files?: FileStore;
}): Promise<RunningBot> {
  const { config, logger } = args;
  const clock = args.clock ?? systemClock;
  const deps: CoreDeps = {
    store: args.store,
    pack: args.pack,
    clock,
    ids: args.ids ?? randomIds,
    reportStarts: reportStartGate({ burst: config.REPORT_LIMIT_BURST, perHour: config.REPORT_LIMIT_PER_HOUR }, () => clock.now().getTime()),
    files: args.files ?? openFileStore(config),
    evidenceMaxBytes: config.EVIDENCE_MAX_BYTES,
    pdf: renderPdf,
  };
  // Set once the outbox loop exists: a handler asks for delivery now after a report or an action.
  let deliverNow = () => {};
  const teams = createTeamsPlatform({ deps, logger, credentials: config, deliverNow: () => deliverNow() });
  let slack: SlackPlatform | undefined;
  if (slackEnabled(config) && config.SLACK_BOT_TOKEN) {
    slack = createSlackPlatform({
      deps,
      logger,
      settings: { botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, apiUrl: config.SLACK_API_URL },
      port: args.slackPort ?? config.SLACK_PORT,
      deliverNow: () => deliverNow(),
    });
  }
  deps.reach = [teams.reachability, ...(slack ? [slack.reachability] : [])];
  const scheduler = startScheduler(deps, [aupReminderJob, weeklyDigestJob, retentionJob, transferReminderJob, reviewReminderJob, reblockReminderJob, alertReminderJob], logger, {
    enabled: config.SCHEDULER === 'on',
  });
  // Catch up on anything missed while the bot was down (each job works out what is due from the clock).
  if (config.SCHEDULER === 'on') setTimeout(() => void scheduler.catchUp(), 5_000).unref();
  const jobs = startBackgroundJobs(deps, new PlatformDeliverer(deps, { teams: teams.deliverer, slack: slack?.deliverer }), logger, {
    outboxMs: config.OUTBOX_INTERVAL_MS,
    nagMs: config.NAG_INTERVAL_MS,
  });
  deliverNow = () => void jobs.flush();
  const frontDoor = createHttpServer(
    [
      ...teams.routes,
      ...(slack?.routes ?? []),
      evidenceLinkRoute(deps, logger),
      monitoringAlertsRoute({ deps, logger, secrets: config.MONITORING_SECRETS ?? {}, perMinute: config.MONITORING_ALERTS_PER_MINUTE, deliverNow: () => deliverNow() }),
    ],
    logger,
    {
      dependenciesReady: () => storeAnswers(deps.store),
    },
  );
  const { server } = frontDoor;
  // A port already taken is an error the caller hears (and the jobs stop), not an uncaught crash. restify
  // re-emits its HTTP server's errors on itself, so that is where the listener goes.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(args.port ?? config.PORT, listenHost(config), () => {
      server.removeListener('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await scheduler.stop();
    await jobs.stop();
    throw error;
  });
  const port = (server.address() as { port: number }).port;
  deps.evidenceLinkBaseUrl = config.EVIDENCE_LINK_BASE_URL ?? (config.WEBSITE_HOSTNAME ? `https://${config.WEBSITE_HOSTNAME}` : `http://127.0.0.1:${port}`);
  const slackPort = await slack?.start();
  if (!authEnabled(config)) {
    logger.warn('auth.disabled', {
      message: 'NO Bot Framework credentials set: requests are NOT authenticated, so the bot listens on this machine only (127.0.0.1).',
    });
  }
  // One warning per role holder the bot cannot reach on a platform (role and platform, never a name).
  if (config.SCHEDULER === 'on') {
    void unreachableHolders(deps, deps.reach)
      .then((found) => found.forEach(({ reason, ...f }) => logger.warn('setup.unreachable', { ...f, cause: reason })))
      .catch((error) => logger.warn('setup.check-failed', { error: (error as Error).name }));
  }
  const slackUrl = slack?.sharesPort ? `http://127.0.0.1:${port}` : slackPort === undefined ? undefined : `http://127.0.0.1:${slackPort}`;
  let closing: Promise<void> | undefined;
  return {
    server,
    inFlight: frontDoor.inFlight,
    deps,
    jobs,
    scheduler,
    url: `http://127.0.0.1:${port}`,
    slackUrl,
    close(timeoutMs = config.SHUTDOWN_TIMEOUT_MS) {
      closing ??= (async () => {
        const deadline = Date.now() + timeoutMs;
        const { unfinished } = await frontDoor.drain(timeoutMs);
        await slack?.stop();
        await teams.close();
        await scheduler.stop();
        // Send what the last requests queued, if there is time; anything left waits in the store.
        await withDeadline(jobs.flush(), deadline - Date.now());
        await jobs.stop();
        logger.info('bot.stopped', { unfinishedRequests: unfinished });
      })();
      return closing;
    },
  };
}
