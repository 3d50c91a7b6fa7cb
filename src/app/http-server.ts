/**
 * The HTTP front door: `POST /api/messages` for the Bot Framework and `GET /healthz`. Bodies over the
 * limit are refused before any handler runs.
 */
import restify from 'restify';
import type { Application } from '@microsoft/teams-ai';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../ports/logger';

export const MAX_BODY_BYTES = 256 * 1024;

/** A restify server with the body limit and security headers every endpoint gets (the benchmark floor uses it too). */
export function createFrontDoor(name: string): restify.Server {
  const server = restify.createServer({ name, handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.use((req, res, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'no-store');
    next();
  });
  return server;
}

export function createHttpServer(adapter: TeamsAdapter, app: Application, logger: Logger): restify.Server {
  const server = createFrontDoor('esafety-bot');
  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, async (context) => {
        await app.run(context);
      });
    } catch (error) {
      logger.error('http.messages-failed', { error: (error as Error).name });
      if (!res.headersSent) res.send(500);
    }
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  return server;
}
