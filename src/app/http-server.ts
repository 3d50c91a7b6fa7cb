/**
 * The HTTP front door: `POST /api/messages` for the Bot Framework, optionally Slack's `/slack/events`
 * on the same port (App Service routes one port), `GET /healthz` (the process is alive) and
 * `GET /readyz` (it can serve: not shutting down and the store answers). Bodies over the limit are
 * refused before any handler runs; every response carries the security headers.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import restify from 'restify';
import type { Application } from '@microsoft/teams-ai';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../ports/logger';
import { botFrameworkRoute } from '../adapters/teams/bot-framework-route';
import { withDeadline } from './with-deadline';

export const MAX_BODY_BYTES = 256 * 1024;

/** Headers for an API that serves JSON to machines and must never be framed, sniffed or cached. */
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};

/**
 * restify's own logger would write whole requests (bodies, headers, credentials) to the log, past our
 * redaction. It is silenced: every line the bot logs is its own pino line, with personal fields redacted.
 */
const SILENT = { child: () => SILENT, trace: () => false, debug: () => false, info: () => false, warn: () => false, error: () => false, fatal: () => false, level: () => 60 };

/** A restify server with the body limit and security headers every endpoint gets (the benchmark floor uses it too). */
export function createFrontDoor(name: string): restify.Server {
  const server = restify.createServer({ name, handleUncaughtExceptions: false, log: SILENT as never });
  server.pre((_req, res, next) => {
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(header, value);
    next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  return server;
}

export interface FrontDoor {
  server: restify.Server;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /**
   * Stops taking connections, answers what is in flight (up to `timeoutMs`), then closes every
   * connection. Readiness reports 503 from the moment this is called.
   */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
}

export interface FrontDoorOptions {
  /** Whether the app's dependencies answer (the store); asked at most every few seconds. */
  dependenciesReady: () => Promise<{ ok: boolean; cause?: string }>;
  /** With Bot Framework auth on, a request with no token at all is refused here (botbuilder would print a stack trace). */
  requireBearer?: boolean;
  /** Slack's request handler, when Slack shares this port. */
  slack?: { path: string; listener: RequestListener };
}

const READINESS_CACHE_MS = 5_000;

export function createHttpServer(adapter: TeamsAdapter, app: Application, logger: Logger, options: FrontDoorOptions): FrontDoor {
  const server = createFrontDoor('esafety-bot');
  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];

  // Counted (and Slack's requests routed) where Node hands over each request, before restify sees it:
  // Slack checks its signature over the raw body, so its requests must bypass restify's body parser.
  const http = server.server;
  const restifyListener = http.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  http.removeAllListeners('request');
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    });
    // While draining, answer what arrives on open connections but ask the client not to reuse them.
    if (draining) res.setHeader('Connection', 'close');
    if (options.slack && req.url?.split('?')[0] === options.slack.path) {
      for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(header, value);
      void options.slack.listener(req, res);
      return;
    }
    restifyListener(req, res);
  });

  const messages = botFrameworkRoute(adapter, app, logger);
  // Handlers resolve to nothing: restify logs whatever an async handler resolves to.
  server.post('/api/messages', async (req, res) => {
    if (options.requireBearer && !/^Bearer\s+\S/i.test(req.headers.authorization ?? '')) {
      logger.warn('http.unauthenticated', { path: '/api/messages' });
      res.send(401, { code: 'Unauthorized' });
      return;
    }
    try {
      await messages(req, res);
    } catch (error) {
      logger.error('http.messages-failed', { error: (error as Error).name });
      if (!res.headersSent) res.send(500, { code: 'InternalError' });
    }
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  let readiness: { at: number; ok: boolean } | undefined;
  server.get('/readyz', async (_req, res) => {
    if (draining) {
      res.send(503, { status: 'shutting-down' });
      return;
    }
    if (!readiness || Date.now() - readiness.at > READINESS_CACHE_MS) {
      const { ok, cause } = await options.dependenciesReady().catch((error: unknown) => ({ ok: false, cause: `check-failed:${(error as Error)?.name}` }));
      readiness = { at: Date.now(), ok };
      // `cause`, not `reason`: the log redacts `reason` (people type reasons), and this one is a code.
      if (!ok) logger.warn('http.not-ready', { cause: cause ?? 'store-unavailable' });
    }
    res.send(readiness.ok ? 200 : 503, { status: readiness.ok ? 'ready' : 'store-unavailable' });
  });

  return {
    server,
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const answered = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
      await withDeadline(answered, timeoutMs);
      const unfinished = inFlight;
      if (unfinished) logger.warn('http.drain-timed-out', { unfinished });
      server.server.closeAllConnections();
      await closed;
      return { unfinished };
    },
  };
}
