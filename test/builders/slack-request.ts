/**
 * Requests to the Slack receiver, signed exactly as Slack signs them: `v0=` + HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` with the signing secret, in `X-Slack-Signature` beside
 * `X-Slack-Request-Timestamp`. Slash commands and interactions are form-encoded; events are JSON.
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Overrides the computed signature (a forged request). */
  signature?: string;
}

export function sign(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SlackReply {
  status: number;
  text: string;
  json: any;
}

export async function postSigned(baseUrl: string, body: string, contentType: string, options: SignOptions = {}): Promise<SlackReply> {
  return postToSlackEvents(baseUrl, body, sign(body, options), contentType);
}

/** Posts `body` to `/slack/events` with exactly the headers given (forged, stale or missing signatures included). */
export async function postToSlackEvents(baseUrl: string, body: string, headers: Record<string, string>, contentType: string): Promise<SlackReply> {
  const res = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

export interface SlackUserRef {
  id: string;
  name: string;
}

let triggers = 0;
export const nextTrigger = () => `trigger-${++triggers}.${Date.now()}`;

/** `responseUrl`: where the app's delayed answers go (`respond`); the fake Slack API records them as `respond` calls. */
export function slashCommandBody(
  user: SlackUserRef,
  text: string,
  channel = { id: `D${user.id.slice(1)}`, name: 'directmessage' },
  responseUrl = 'https://hooks.slack.invalid/commands/T0DEMO/1/abc',
): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO',
    team_domain: 'demo',
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: '/report',
    text,
    api_app_id: 'A0DEMO',
    response_url: responseUrl,
    trigger_id: nextTrigger(),
  }).toString();
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const FORM = 'application/x-www-form-urlencoded';

export function slashCommand(baseUrl: string, user: SlackUserRef, text = '', channel?: { id: string; name: string }, options?: SignOptions, responseUrl?: string) {
  return postSigned(baseUrl, slashCommandBody(user, text, channel, responseUrl), FORM, options);
}

export function interaction(baseUrl: string, payload: Record<string, unknown>, options?: SignOptions) {
  return postSigned(baseUrl, interactionBody(payload), FORM, options);
}

export function homeOpened(baseUrl: string, user: SlackUserRef) {
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO',
    api_app_id: 'A0DEMO',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: user.id, channel: `D${user.id.slice(1)}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
  });
  return postSigned(baseUrl, body, 'application/json');
}
