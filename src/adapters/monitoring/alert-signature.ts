/**
 * How a school's monitoring service signs an alert (docs/monitoring-alerts.md), after Slack's scheme:
 * `X-Monitoring-Signature: v1=<hex HMAC-SHA256 of "v1:{X-Monitoring-Timestamp}:{raw body}">` with the
 * school's secret, `X-Monitoring-Timestamp` in Unix seconds, no more than five minutes from now either way.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A request signed more than five minutes from now, either way, is refused. */
export const ALERT_SIGNATURE_WINDOW_MS = 5 * 60_000;

/** Why a signature was refused. */
export type AlertSignatureRefusal = 'missing' | 'unknown-school' | 'stale' | 'future' | 'bad-signature';

/** The signature header's value for a body: what a sender computes (and the tests). */
export function signAlert(secret: string, timestamp: string, body: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:`).update(body).digest('hex')}`;
}

/** Checks one request's signature; `secret` undefined means the school has none configured. */
export function verifyAlertSignature(args: { secret?: string; timestamp?: string; signature?: string; body: Buffer; nowMs: number }): AlertSignatureRefusal | undefined {
  const { secret, timestamp, signature, body, nowMs } = args;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing';
  if (!secret) return 'unknown-school';
  const at = Number(timestamp) * 1000;
  if (at < nowMs - ALERT_SIGNATURE_WINDOW_MS) return 'stale';
  if (at > nowMs + ALERT_SIGNATURE_WINDOW_MS) return 'future';
  const expected = Buffer.from(signAlert(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  return undefined;
}
