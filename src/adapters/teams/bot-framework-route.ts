/**
 * `POST /api/messages`: a Bot Framework activity in, the turn run, an answer out. In place of
 * botbuilder's own `process()`, which prints a stack trace and answers 500 with internal error text when
 * a token is forged or the signing keys cannot be fetched: here a request with no bearer token at all
 * (when auth is on), or a refused token, is 401, keys that cannot be fetched are 503, a body that is not
 * an activity is 400, each with a body that names no host, path or stack, and one JSON log line.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../../ports/logger';
import type { JsonRoute, JsonRouteReply, JsonRouteRequest } from '../../ports/platform-route';

/** Where the Bot Framework (and the Agents Playground) posts activities. */
export const MESSAGES_PATH = '/api/messages';

const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|getaddrinfo|socket hang up|network/i;
const AUTH = /unauthori[sz]ed|token|signature|issuer|audience|expired|jwt|identity|endorse|appid|claims?/i;

/** How a failed turn is answered: 401 for a refused identity, 503 when the signing keys cannot be fetched, else 500. */
export function classifyTurnError(error: unknown): { status: 401 | 503 | 500; code: string; reason: string } {
  const e = error as { statusCode?: unknown; message?: unknown; name?: unknown; cause?: { code?: unknown; message?: unknown } };
  const text = `${String(e?.name ?? '')} ${String(e?.message ?? '')} ${String(e?.cause?.code ?? '')} ${String(e?.cause?.message ?? '')}`;
  if (NETWORK.test(text)) return { status: 503, code: 'ServiceUnavailable', reason: 'signing-keys-unreachable' };
  if (e?.statusCode === 401 || e?.statusCode === 403 || e?.name === 'AuthenticationError' || AUTH.test(text)) return { status: 401, code: 'Unauthorized', reason: 'token-refused' };
  return { status: 500, code: 'InternalError', reason: 'turn-failed' };
}

/** The least an activity needs for the bot to know who sent it, where, and where to answer. */
const ActivityShape = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().min(1).max(2048),
    channelId: z.string().min(1).max(64),
    from: z.object({ id: z.string().min(1).max(256) }).passthrough(),
    conversation: z.object({ id: z.string().min(1).max(512) }).passthrough(),
  })
  .passthrough();

/** Timestamps arrive as strings; botbuilder expects Dates (as its own request handling does). */
function asActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) delete activity[field];
      else activity[field] = date;
    }
  }
  return activity as unknown as Activity;
}

type ProcessActivity = (authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) => Promise<{ status?: number; body?: unknown } | undefined>;

export interface BotFrameworkRouteOptions {
  /** With Bot Framework auth on, a request with no token at all is refused before botbuilder sees it (it would print a stack trace). */
  requireBearer: boolean;
}

/** The Bot Framework's messaging endpoint as a route the server mounts: each activity runs one turn of `app`. */
export function botFrameworkRoute(adapter: TeamsAdapter, app: Application, logger: Logger, options: BotFrameworkRouteOptions): JsonRoute {
  // The CloudAdapter's own authenticate-then-run step; `process()` is only this plus the error handling replaced here.
  const processActivity = (adapter as unknown as { processActivity: ProcessActivity }).processActivity.bind(adapter);
  const handle = async (req: JsonRouteRequest): Promise<JsonRouteReply> => {
    const header = req.headers.authorization;
    const authorization = typeof header === 'string' ? header : '';
    if (options.requireBearer && !/^Bearer\s+\S/i.test(authorization)) {
      logger.warn('http.unauthenticated', { path: MESSAGES_PATH });
      return { status: 401, body: { code: 'Unauthorized' } };
    }
    const type = req.headers['content-type'];
    if (typeof type !== 'string' || !/^application\/json\b/i.test(type)) {
      logger.warn('http.bad-activity', { path: MESSAGES_PATH, cause: 'not-json' });
      return { status: 415, body: { code: 'UnsupportedMediaType', message: 'Send the activity as application/json.' } };
    }
    const body = req.body;
    if (!ActivityShape.safeParse(body).success) {
      logger.warn('http.bad-activity', { path: MESSAGES_PATH, cause: 'not-an-activity' });
      return { status: 400, body: { code: 'BadRequest', message: 'The request is not a Bot Framework activity.' } };
    }
    try {
      const invoke = await processActivity(authorization, asActivity(body as Record<string, unknown>), async (context: TurnContext) => {
        await app.run(context);
      });
      return { status: invoke?.status ?? 200, body: invoke?.body };
    } catch (error) {
      const { status, code, reason } = classifyTurnError(error);
      const log = status === 500 ? logger.error : logger.warn;
      log.call(logger, 'http.messages-refused', { status, cause: reason, error: (error as Error)?.name ?? 'Error' });
      return { status, body: { code } };
    }
  };
  return { kind: 'json', method: 'POST', path: MESSAGES_PATH, handle };
}
