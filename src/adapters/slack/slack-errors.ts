/** What a Slack Web API failure means for a delivery: the person or channel cannot be messaged, or try again later. */
import type { DeliveryResult } from '../../core/delivery/dispatch-outbox';

/** Slack's answers that mean this person or channel cannot be messaged (trying again soon will not help). */
const REFUSALS = new Set(['user_not_found', 'channel_not_found', 'cannot_dm_bot', 'user_disabled', 'account_inactive', 'not_in_channel', 'is_archived']);

/** The Slack error code when `error` is one of those refusals, else undefined. */
export function slackRefusal(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  const code = e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
  return code && REFUSALS.has(code) ? code : undefined;
}

/** A Slack Web API failure as a retry: `Retry-After` when rate limited, else the outbox's backoff. */
export function asRetry(error: unknown): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'retry', reason: 'Slack rate limit', afterMs: (e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') return { kind: 'retry', reason: `Slack answered ${e.data?.error ?? 'an error'}`, afterMs: 5 * 60_000 };
  if (e.code === 'slack_webapi_http_error') return { kind: 'retry', reason: `Slack answered HTTP ${e.statusCode ?? '?'}` };
  return { kind: 'retry', reason: (error as Error)?.message?.slice(0, 200) ?? 'Slack call failed' };
}

/** A failed send: unreachable (`refused`, with Slack's code) when Slack refuses the recipient, else a retry. */
export function failedSend(error: unknown): DeliveryResult {
  const refused = slackRefusal(error);
  return refused ? { kind: 'unreachable', reason: 'refused', detail: refused } : asRetry(error);
}
