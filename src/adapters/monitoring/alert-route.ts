/**
 * `POST /monitoring/alerts`: the door a school's monitoring service posts alerts to. In order, before
 * anything is stored: the body's size (413), the school's signature and its five-minute window (401;
 * a bad signature is counted per school and logged, never with the body), the school's rate (429 with
 * Retry-After), the JSON shape (400; content fields are refused by name). Only then is the alert stored
 * and its triage card queued, and only once both are durable is the sender told 202. The same alert id
 * again (a retry, a replay) changes nothing and is answered 200 `duplicate`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreDeps } from '../../core/deps';
import { TokenBuckets } from '../../core/delivery/token-bucket';
import { DomainError } from '../../core/errors';
import { ingestAlert } from '../../core/monitoring/ingest-alert';
import type { Logger } from '../../ports/logger';
import type { RawRoute } from '../../ports/platform-route';
import { parseAlertBody } from './alert-body';
import { type AlertSignatureRefusal, verifyAlertSignature } from './alert-signature';

/** Where alerts are posted. */
export const MONITORING_ALERTS_PATH = '/monitoring/alerts';
/** An alert is six short fields: anything bigger is refused unread. */
export const MAX_ALERT_BYTES = 4096;

/** The route and its counters. */
export interface MonitoringRoute extends RawRoute {
  /** Bad signatures refused since start, by the school the request named (`unknown` when it named none). */
  badSignatures(): Record<string, number>;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The whole body, or undefined once it passes the limit (the rest is read and dropped, so the 413 reaches the sender). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ALERT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_ALERT_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

const REFUSAL_WORDS: Record<AlertSignatureRefusal, string> = {
  missing: 'Sign the request: X-Monitoring-School, X-Monitoring-Timestamp and X-Monitoring-Signature are required.',
  'unknown-school': 'No monitoring secret is set for this school.',
  stale: 'The timestamp is more than five minutes old.',
  future: 'The timestamp is more than five minutes ahead.',
  'bad-signature': 'The signature does not match.',
};

/** The route for the composition root to mount. `secrets`: each school's signing secret; `perMinute`: alerts a school may send a minute. */
export function monitoringAlertsRoute(args: { deps: CoreDeps; logger: Logger; secrets: Record<string, string>; perMinute: number; deliverNow?: () => void; now?: () => number }): MonitoringRoute {
  const { deps, logger, secrets } = args;
  const now = args.now ?? (() => deps.clock.now().getTime());
  const buckets = new TokenBuckets(args.perMinute, args.perMinute / 60, now);
  const refused = new Map<string, number>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (Number(req.headers['content-length'] ?? 0) > MAX_ALERT_BYTES) {
      req.resume();
      return reply(res, 413, { error: 'too-large', message: `An alert is at most ${MAX_ALERT_BYTES} bytes.` });
    }
    const body = await readBody(req);
    if (!body) return reply(res, 413, { error: 'too-large', message: `An alert is at most ${MAX_ALERT_BYTES} bytes.` });
    const school = header(req, 'x-monitoring-school');
    const known = school && Object.hasOwn(secrets, school) ? school : undefined;
    const refusal = school
      ? verifyAlertSignature({ secret: known && secrets[known], timestamp: header(req, 'x-monitoring-timestamp'), signature: header(req, 'x-monitoring-signature'), body, nowMs: now() })
      : 'missing';
    if (refusal) {
      const key = known ?? 'unknown';
      const count = (refused.get(key) ?? 0) + 1;
      refused.set(key, count);
      logger.warn('monitoring.signature-refused', { schoolId: key, cause: refusal, count });
      return reply(res, 401, { error: refusal, message: REFUSAL_WORDS[refusal] });
    }
    const schoolId = known as string;
    const wait = buckets.take(schoolId);
    if (wait > 0) {
      logger.warn('monitoring.rate-limited', { schoolId });
      return reply(res, 429, { error: 'rate-limited', message: 'Too many alerts from this school: try again shortly.' }, { 'retry-after': String(Math.ceil(wait / 1000)) });
    }
    const parsed = parseAlertBody(body);
    if (!parsed.ok) return reply(res, 400, { error: parsed.extra ? 'fields-not-allowed' : 'bad-alert', message: parsed.error, ...(parsed.extra && { fields: parsed.extra }) });
    if (parsed.alert.schoolId !== schoolId) return reply(res, 400, { error: 'bad-alert', message: 'schoolId must be the school that signed the request.' });
    const result = await ingestAlert(deps, parsed.alert);
    if (result.outcome === 'duplicate') return reply(res, 200, { status: 'duplicate', alertId: parsed.alert.alertId });
    logger.info('monitoring.alert-accepted', { schoolId, alert: result.alert.id, severity: result.alert.severity });
    if (result.alert.urgent) args.deliverNow?.();
    return reply(res, 202, { status: 'accepted', alertId: parsed.alert.alertId });
  }

  return {
    kind: 'raw',
    path: MONITORING_ALERTS_PATH,
    badSignatures: () => Object.fromEntries(refused),
    listener(req, res) {
      if (req.method !== 'POST') {
        req.resume();
        return reply(res, 405, { error: 'method-not-allowed' }, { allow: 'POST' });
      }
      handle(req, res).catch((error: unknown) => {
        if (error instanceof DomainError) return reply(res, 404, { error: error.code, message: 'This school is not in the policy pack.' });
        logger.error('monitoring.alert-failed', { error: (error as Error)?.name });
        reply(res, 500, { error: 'not-stored', message: 'The alert was not stored: send it again.' });
      });
    },
  };
}
