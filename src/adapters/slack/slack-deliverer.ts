/**
 * Sends outbox messages to Slack: a person by DM, the school's DSL channel (from the policy pack, or
 * registered with `/report register dsl channel`), or a role's holders by DM. Keeps `chat.postMessage` to
 * about one a second per channel, honours `Retry-After`, and records where each escalation was posted so
 * every copy is updated in place with `chat.update`. A failure is a retry, never a drop.
 */
import type { webApi } from '@slack/bolt';
import type { Deliverer, DeliveryResult } from '../../core/delivery/dispatch-outbox';
import type { OutboxMessage } from '../../core/delivery/outbox';
import { TokenBuckets } from '../../core/delivery/token-bucket';
import type { CoreDeps } from '../../core/deps';
import { personKey } from '../../core/incidents/act-on-incident';
import type { Incident } from '../../core/incidents/incident';
import { findSchool } from '../../core/people/resolve-school';
import type { RoleKey, School } from '../../core/policy/schema';
import type { Stored } from '../../ports/document-store';
import { markDelivered, readPosts, recordPost, wasDelivered } from '../../core/delivery/delivery-records';
import type { Logger } from '../../ports/logger';
import { SLACK_DSL_CHANNEL_ID, type SlackChannelDoc } from './slack-channel';
import { renderOutboxMessage } from './render-outbox-message';
import type { SlackMessage } from './views/escalation-message';
import { aupMessage } from './views/aup-message';
import { digestMessage } from './views/digest-message';
import { digestForMessage } from '../../core/digest/digest-for-message';
import { roleHolders } from '../../core/people/role-holders';
import { noticeMessage } from './views/notice-messages';
import { getsEscalationAnyway } from '../../core/routing/already-told';
import { describeAupMessage } from '../../core/aup/aup-message-view';

interface Target {
  key: string;
  channel: string;
}

interface SlackPost {
  key: string;
  channel: string;
  ts: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SlackDeliverer implements Deliverer {
  // Slack allows about one chat.postMessage a second per channel, with short bursts.
  private readonly perChannel = new TokenBuckets(1, 1);

  constructor(
    private readonly deps: CoreDeps,
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const school = findSchool(this.deps.pack, message.schoolId);
    if (school && (message.message === 'aup-reminder' || message.message === 'aup-escalation')) {
      const rendered = await this.aupMessage(school, message);
      return rendered ? this.sendToAll(school, message, () => rendered) : { kind: 'sent' };
    }
    if (school && message.message === 'weekly-digest') {
      const view = await digestForMessage(this.deps, message);
      return view ? this.sendToAll(school, message, () => digestMessage(view)) : { kind: 'sent' };
    }
    const incident = message.incidentId ? await this.deps.store.get<Incident>('incidents', message.schoolId, message.incidentId) : undefined;
    if (!school || !incident) return { kind: 'retry', reason: 'incident or school not found', afterMs: 60_000 };
    if (message.message === 'escalation-update') return this.updatePosts(school, message, incident);
    const mentions = this.mentionsFor(school, message);
    return this.sendToAll(school, message, (target) => renderOutboxMessage(this.deps, school, message, incident, target.key === 'dsl-channel' ? mentions : []), incident);
  }

  /** A reminder (nothing, if they have signed since it was queued) or the lead's notice. */
  private async aupMessage(school: School, message: Stored<OutboxMessage>): Promise<SlackMessage | undefined> {
    const said = await describeAupMessage(this.deps, school, message);
    if (!said) return undefined;
    return said.kind === 'notice' ? noticeMessage(said.view) : aupMessage(said.view);
  }

  private async sendToAll(school: School, message: Stored<OutboxMessage>, render: (target: Target) => SlackMessage, incident?: Incident): Promise<DeliveryResult> {
    const { targets, missing } = await this.resolve(school, message, incident);
    if (!targets.length && message.message === 'inform-role') return { kind: 'sent' };
    if (!targets.length) return { kind: 'retry', reason: `no Slack user or channel for ${missing.join(', ') || 'recipient'}`, afterMs: 5 * 60_000 };
    for (const target of targets) {
      const deliveredId = `${message.id}:slack:${target.key}`;
      if (await wasDelivered(this.deps.store, message.schoolId, deliveredId)) continue;
      const result = await this.post(target.channel, render(target));
      if (result.kind !== 'sent') return result;
      await markDelivered(this.deps.store, message.schoolId, deliveredId, { ts: result.ts });
      if (incident && (message.message === 'dsl-escalation' || message.message === 'role-escalation') && result.ts && result.channel) {
        await this.recordPost(incident, { key: target.key, channel: result.channel, ts: result.ts });
      }
    }
    if (missing.length) this.logger.warn('slack.recipient-unreachable', { message: message.id, missing });
    return { kind: 'sent' };
  }

  private holders(school: School, roles: RoleKey[]) {
    const all = roles.flatMap((r) => roleHolders(this.deps.pack, school, r));
    return all.filter((h, i) => all.findIndex((o) => personKey(o) === personKey(h)) === i);
  }

  private mentionsFor(school: School, message: OutboxMessage): string[] {
    if (message.message !== 'urgent-reminder' && message.message !== 'dsl-escalation') return [];
    return this.holders(school, ['dsl', 'deputy-dsl']).flatMap((h) => (h.slackUserId ? [h.slackUserId] : []));
  }

  private async resolve(school: School, message: OutboxMessage, incident?: Incident): Promise<{ targets: Target[]; missing: string[] }> {
    const to = message.to;
    if (to.kind === 'person') {
      return to.person.platform === 'slack' ? { targets: [{ key: `user:${to.person.userId}`, channel: to.person.userId }], missing: [] } : { targets: [], missing: ['reporter'] };
    }
    if (to.kind === 'dsl-channel') {
      const registered = await this.deps.store.get<SlackChannelDoc>('conversations', school.id, SLACK_DSL_CHANNEL_ID);
      const channel = school.dslChannel.slack ?? registered?.channelId;
      if (channel) return { targets: [{ key: 'dsl-channel', channel }], missing: [] };
    }
    // No channel set: the safeguarding team get it by DM rather than not at all.
    const roles: RoleKey[] = to.kind === 'role' ? [to.role] : ['dsl', 'deputy-dsl'];
    const targets: Target[] = [];
    const missing: string[] = [];
    for (const holder of this.holders(school, roles)) {
      if (message.message === 'inform-role' && incident && getsEscalationAnyway(school, incident.routing, holder)) continue;
      if (holder.slackUserId) targets.push({ key: `user:${holder.slackUserId}`, channel: holder.slackUserId });
      else missing.push(roles.join('/'));
    }
    return { targets, missing };
  }

  private async post(channel: string, message: SlackMessage, ts?: string): Promise<DeliveryResult & { ts?: string; channel?: string }> {
    if (!ts) for (let wait = this.perChannel.take(channel); wait > 0; wait = this.perChannel.take(channel)) await sleep(wait);
    try {
      const answer = ts
        ? await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks })
        : await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return { kind: 'sent', ts: answer.ts, channel: answer.channel };
    } catch (error) {
      return asRetry(error);
    }
  }

  private recordPost(incident: Incident, post: SlackPost): Promise<void> {
    return recordPost<SlackPost>(this.deps.store, incident.schoolId, `${incident.id}:slack-posts`, post);
  }

  private async updatePosts(school: School, message: Stored<OutboxMessage>, incident: Stored<Incident>): Promise<DeliveryResult> {
    const posts = await readPosts<SlackPost>(this.deps.store, incident.schoolId, `${incident.id}:slack-posts`);
    if (!posts) return { kind: 'sent' };
    const rendered = renderOutboxMessage(this.deps, school, { ...message, message: 'dsl-escalation' }, incident, []);
    for (const post of posts) {
      const result = await this.post(post.channel, rendered, post.ts);
      if (result.kind !== 'sent') return result;
    }
    return { kind: 'sent' };
  }
}

/** A Slack Web API failure as a retry: `Retry-After` when rate limited, else the outbox's backoff. */
export function asRetry(error: unknown): DeliveryResult {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  if (e.code === 'slack_webapi_rate_limited_error') return { kind: 'retry', reason: 'Slack rate limit', afterMs: (e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_platform_error') return { kind: 'retry', reason: `Slack answered ${e.data?.error ?? 'an error'}`, afterMs: 5 * 60_000 };
  if (e.code === 'slack_webapi_http_error') return { kind: 'retry', reason: `Slack answered HTTP ${e.statusCode ?? '?'}` };
  return { kind: 'retry', reason: (error as Error)?.message?.slice(0, 200) ?? 'Slack call failed' };
}
