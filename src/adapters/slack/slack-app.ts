/**
 * The Slack app: Bolt in the same process as the Teams bot. HTTP mode by default (`/slack/events`, every
 * request checked by the guard in front of Bolt's receiver: unsigned, forged, or signed more than five
 * minutes from now gets 401 and nothing runs; a repeat or a retry gets an empty 200 and nothing runs);
 * Socket Mode when an app token is given, for local development. A workspace the pack does not serve is
 * refused before any listener. Listeners are thin: each hands one request to a handler that calls one
 * core use case.
 */
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { RequestListener, Server } from 'node:http';
import { tenantGate } from '../../core/people/tenant-gate';
import type { Logger } from '../../ports/logger';
import { registerAppHome } from './handlers/app-home';
import { registerAup } from './handlers/aup-command';
import { registerDigest } from './handlers/digest-command';
import { registerEvidenceActions } from './handlers/evidence-actions';
import { registerEvidenceUpload } from './handlers/evidence-upload';
import { registerFirstContact } from './handlers/first-contact';
import { registerEscalationActions } from './handlers/escalation-actions';
import { registerDecisionActions } from './handlers/decision-actions';
import { registerReportCommand } from './handlers/report-command';
import { registerTaskActions } from './handlers/task-actions';
import { registerChildFileActions } from './handlers/child-file';
import { registerSharingActions } from './handlers/sharing-actions';
import { registerReviewModal } from './handlers/review-modal';
import { registerWizard } from './handlers/wizard-modal';
import { registerPupilLinkActions } from './handlers/pupil-link-actions';
import { registerTransferActions } from './handlers/transfer-command';
import { registerAlertActions } from './handlers/alert-actions';
import { registerFilteringActions } from './handlers/filtering-actions';
import { guardSlackRequests } from './request-guard';
import type { SlackContext } from './slack-context';
import { registerTenantGate, signatureRefusals } from './slack-gates';
import { syncSlackWorkspace } from './workspace-sync';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack payloads are small; anything bigger is refused before it is parsed. */
const BODY_LIMIT_BYTES = 512 * 1024;

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  /** The Web API base URL, ending in `/api/` (tests point it at a local fake). */
  apiUrl?: string;
}

export interface SlackRunning {
  app: App;
  /**
   * Starts listening: HTTP on `port`, or the Socket Mode connection, or with `'same'` (the bot's own port) nothing of its
   * own (another server hands `/slack/events` to `requestListener`). Returns the port it listens on.
   */
  start(port: number | 'same'): Promise<number | undefined>;
  /** Handles one HTTP request to `/slack/events`, signature check first (undefined in Socket Mode). */
  requestListener?: RequestListener;
  /** How many requests were refused for their signature or timestamp since start-up. */
  signatureRefusals(): number;
  stop(): Promise<void>;
  /** Brings the AUP register in step with the workspace now (also run at start-up and daily). */
  sync(): Promise<void>;
}

function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const fields = (msgs: unknown[]) => ({
    message: msgs
      .map((m) => (m instanceof Error ? m.message : String(m)))
      .join(' ')
      .slice(0, 300),
  });
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msgs) => logger.warn('slack.bolt', fields(msgs)),
    error: (...msgs) => logger.error('slack.bolt', fields(msgs)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The workspace's members are noted only when the bot's own workspace is one the pack serves. */
async function syncIfServed(ctx: SlackContext, app: App): Promise<{ noted: number; left: number } | undefined> {
  const teamId = (await app.client.auth.test()).team_id;
  if (tenantGate(ctx.deps.pack, 'slack', teamId).kind === 'unknown') {
    ctx.logger.warn('slack.workspace-not-served', { team: teamId ?? '(none)' });
    return undefined;
  }
  return syncSlackWorkspace(ctx, app.client);
}

export function createSlackApp(ctx: SlackContext, settings: SlackSettings): SlackRunning {
  const logger = boltLogger(ctx.logger);
  const UNHANDLED_TIMEOUT_MS = 1_000;
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  const socketMode = Boolean(settings.appToken);
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: settings.signingSecret ?? '',
        endpoints: SLACK_EVENTS_PATH,
        logger,
        bodyLimit: BODY_LIMIT_BYTES,
        // A request no listener acknowledges (an unknown command or button, a tampered payload) is answered
        // after this long; Bolt's default (3 s) is Slack's whole deadline.
        unhandledRequestTimeoutMillis: UNHANDLED_TIMEOUT_MS,
        customRoutes: [
          {
            path: '/healthz',
            method: ['GET'],
            handler: (_req, res) => {
              res.writeHead(200, { 'content-type': 'text/plain' });
              res.end('ok');
            },
          },
        ],
      });
  const refusals = signatureRefusals(ctx);
  if (receiver) {
    // Bolt's own server calls `receiver.requestListener` too, so the guard covers its own port and SLACK_PORT=same.
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: settings.signingSecret ?? '',
      path: SLACK_EVENTS_PATH,
      bodyLimit: BODY_LIMIT_BYTES,
      onRefused: refusals.onRefused,
    });
  }
  const app = new App({
    token: settings.botToken,
    logger,
    // The app keeps no conversation state in Bolt: everything it needs is in the store.
    convoStore: false,
    clientOptions,
    ...(receiver ? { receiver } : { socketMode: true, appToken: settings.appToken }),
  });

  registerTenantGate(app, ctx);
  registerFirstContact(app, ctx);
  registerReportCommand(app, ctx);
  registerWizard(app, ctx);
  registerPupilLinkActions(app, ctx);
  registerEscalationActions(app, ctx);
  registerDecisionActions(app, ctx);
  registerTaskActions(app, ctx);
  registerChildFileActions(app, ctx);
  registerSharingActions(app, ctx);
  registerReviewModal(app, ctx);
  registerTransferActions(app, ctx);
  registerAlertActions(app, ctx);
  registerFilteringActions(app, ctx);
  registerAppHome(app, ctx);
  registerAup(app, ctx);
  registerDigest(app, ctx);
  registerEvidenceUpload(app, ctx);
  registerEvidenceActions(app, ctx);
  app.error(async (error) => {
    ctx.logger.error('slack.listener-failed', { error: error.name, code: (error as { code?: string }).code, message: error.message.slice(0, 200) });
  });

  let server: Server | undefined;
  let syncTimer: NodeJS.Timeout | undefined;
  const sync = () =>
    syncIfServed(ctx, app)
      .then((r) => r && ctx.logger.info('slack.workspace-synced', r))
      .catch((error) => ctx.logger.warn('slack.workspace-sync-failed', { error: (error as { data?: { error?: string } }).data?.error ?? (error as Error).message.slice(0, 100) }));
  return {
    app,
    sync,
    signatureRefusals: refusals.count,
    requestListener: receiver?.requestListener,
    async start(port) {
      void sync();
      syncTimer = setInterval(() => void sync(), 24 * 3600_000);
      syncTimer.unref();
      if (!receiver) {
        await app.start();
        return undefined;
      }
      if (port === 'same') return undefined;
      server = (await receiver.start(port)) as Server;
      return (server.address() as { port: number }).port;
    },
    async stop() {
      if (syncTimer) clearInterval(syncTimer);
      if (server || !receiver) await app.stop().catch(() => undefined);
    },
  };
}
