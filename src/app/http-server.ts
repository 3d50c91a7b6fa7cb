/**
 * The HTTP front door: the routes each chat platform hands it (Teams' `POST /api/messages`, Slack's
 * `/slack/events` when it shares the port, as App Service routes one port), `GET /healthz` (the process
 * is alive) and `GET /readyz` (it can serve: not shutting down and the store answers). Bodies over the
 * limit are refused before any JSON route runs; every response carries the security headers. It knows no
 * platform SDK: a route is a port (`src/ports/platform-route.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import restify from 'restify';
import type { Logger } from '../ports/logger';
import type { JsonRoute, PlatformRoute, RawRoute } from '../ports/platform-route';
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
}

const READINESS_CACHE_MS = 5_000;

const RESERVED_PATHS = ['/healthz', '/readyz'];

/** Refuses, at start-up, two routes on one path or a route over the server's own. */
function checkPaths(routes: readonly PlatformRoute[]): void {
  const seen = new Set(RESERVED_PATHS);
  for (const route of routes) {
    if (seen.has(route.path)) throw new Error(`HTTP route ${route.path} is already taken${RESERVED_PATHS.includes(route.path) ? ' by the server itself' : ''}`);
    seen.add(route.path);
  }
}

/** Mounts a JSON route on restify, which has parsed the body within the limit; a throw is one log line and a plain 500. */
function mountJson(server: restify.Server, route: JsonRoute, logger: Logger): void {
  // Handlers resolve to nothing: restify logs whatever an async handler resolves to.
  server.post(route.path, async (req, res) => {
    try {
      const reply = await route.handle({ headers: req.headers, body: req.body });
      if (res.headersSent) return;
      if (reply.body === undefined) {
        res.status(reply.status);
        res.end();
      } else {
        res.send(reply.status, reply.body);
      }
    } catch (error) {
      logger.error('http.route-failed', { path: route.path, error: (error as Error)?.name ?? 'Error' });
      if (!res.headersSent) res.send(500, { code: 'InternalError' });
    }
  });
}

/** Starts nothing yet: builds the server with `routes` mounted; `server.listen` is the caller's. */
export function createHttpServer(routes: readonly PlatformRoute[], logger: Logger, options: FrontDoorOptions): FrontDoor {
  checkPaths(routes);
  const server = createFrontDoor('esafety-bot');
  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];
  const raw = new Map(routes.filter((r): r is RawRoute => r.kind === 'raw').map((r) => [r.path, r]));

  // Counted (and raw routes dispatched) where Node hands over each request, before restify sees it: a
  // raw route (Slack) checks a signature over the raw body, so it must bypass restify's body parser.
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
    const route = raw.get(req.url?.split('?')[0] ?? '');
    if (route) {
      for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(header, value);
      route.listener(req, res);
      return;
    }
    restifyListener(req, res);
  });

  for (const route of routes) if (route.kind === 'json') mountJson(server, route, logger);
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
