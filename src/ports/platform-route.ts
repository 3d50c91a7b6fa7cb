/**
 * An HTTP endpoint a chat platform serves on the bot's port. The composition root's server mounts
 * whatever routes each platform adapter hands it and knows nothing of the SDK behind them; the server
 * owns the body limit, the security headers, in-flight counting, drain, `/healthz` and `/readyz`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A JSON request as a `json` route receives it: the body already read (within the server's limit) and parsed. */
export interface JsonRouteRequest {
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none. Untrusted: the route validates it. */
  body: unknown;
}

/** What a `json` route answers: a status and, when there is one, a body the server writes as JSON. */
export interface JsonRouteReply {
  status: number;
  body?: unknown;
}

/** `POST path` with a JSON body parsed by the server (a body over the limit is 413 before the route runs). */
export interface JsonRoute {
  kind: 'json';
  method: 'POST';
  path: string;
  /** Must not throw for a bad request: it answers with a 4xx itself. A throw is logged and answered 500. */
  handle(request: JsonRouteRequest): Promise<JsonRouteReply>;
}

/**
 * Every request to `path` (any method), handed over before the server reads the body, for a platform
 * that checks a signature over the raw bytes (Slack). The route reads, limits and answers it itself.
 */
export interface RawRoute {
  kind: 'raw';
  path: string;
  listener(req: IncomingMessage, res: ServerResponse): void;
}

/** One of the routes a platform adapter serves. */
export type PlatformRoute = JsonRoute | RawRoute;
