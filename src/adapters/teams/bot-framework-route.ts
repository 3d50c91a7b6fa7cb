/**
 * `POST /api/messages`: a Bot Framework activity in, the turn run, an answer out. In place of
 * botbuilder's own `process()`, which prints a stack trace and answers 500 with internal error text when
 * a token is forged or the signing keys cannot be fetched: here a refused token is 401, keys that cannot
 * be fetched are 503, a body that is not an activity is 400, each with a body that names no host, path
 * or stack, and one JSON log line.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../../ports/logger';

export interface RouteRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface RouteResponse {
  headersSent?: boolean;
  status(code: number): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
}

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
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
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

export function botFrameworkRoute(adapter: TeamsAdapter, app: Application, logger: Logger) {
  // The CloudAdapter's own authenticate-then-run step; `process()` is only this plus the error handling replaced here.
  const processActivity = (adapter as unknown as { processActivity: ProcessActivity }).processActivity.bind(adapter);
  return async (req: RouteRequest, res: RouteResponse): Promise<void> => {
    const answer = (status: number, body?: unknown) => {
      if (res.headersSent) return;
      res.status(status);
      if (body !== undefined) res.send(body);
      res.end();
    };
    const type = req.headers['content-type'];
    if (typeof type !== 'string' || !/^application\/json\b/i.test(type)) {
      logger.warn('http.bad-activity', { path: '/api/messages', cause: 'not-json' });
      return answer(415, { code: 'UnsupportedMediaType', message: 'Send the activity as application/json.' });
    }
    const body = req.body;
    if (!ActivityShape.safeParse(body).success) {
      logger.warn('http.bad-activity', { path: '/api/messages', cause: 'not-an-activity' });
      return answer(400, { code: 'BadRequest', message: 'The request is not a Bot Framework activity.' });
    }
    const header = req.headers.authorization ?? req.headers.Authorization;
    const authorization = typeof header === 'string' ? header : '';
    try {
      const invoke = await processActivity(authorization, asActivity(body as Record<string, unknown>), async (context: TurnContext) => {
        await app.run(context);
      });
      answer(invoke?.status ?? 200, invoke?.body);
    } catch (error) {
      const { status, code, reason } = classifyTurnError(error);
      const log = status === 500 ? logger.error : logger.warn;
      log.call(logger, 'http.messages-refused', { status, cause: reason, error: (error as Error)?.name ?? 'Error' });
      answer(status, { code });
    }
  };
}
