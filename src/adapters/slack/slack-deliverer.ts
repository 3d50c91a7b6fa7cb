/**
 * Sends outbox messages to Slack: a person or a role holder by DM, the school's DSL channel (from the
 * policy pack, or registered with `/report register dsl channel`), or a role's holders by DM (AUP and
 * digest). "Sent" only with Slack's answer; no address, no channel, or Slack refusing the recipient is
 * "unreachable" (core decides what follows: it messages the team directly when there is no channel).
 * Keeps `chat.postMessage` to about one a second per channel, honours `Retry-After`, and records where
 * each card was posted (with its kind and tasks) so every copy is redrawn in place with `chat.update`.
 */
import type { webApi } from '@slack/bolt';
import { taskIdsForMessage } from '../../core/incidents/task-view';
import { describeAupMessage } from '../../core/aup/aup-message-view';
import { markDelivered, readPosts, recordPost, wasDelivered } from '../../core/delivery/delivery-records';
import type { Deliverer, DeliveryResult } from '../../core/delivery/dispatch-outbox';
import type { MessageKind, OutboxMessage } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { digestForMessage } from '../../core/digest/digest-for-message';
import type { Incident } from '../../core/incidents/incident';
import { personKey } from '../../core/people/person-key';
import { findSchool } from '../../core/people/resolve-school';
import { roleHolders } from '../../core/people/role-holders';
import type { RoleKey, School } from '../../core/policy/schema';
import type { Stored } from '../../ports/document-store';
import type { Logger } from '../../ports/logger';
import { ChannelPacing } from './channel-pacing';
import { mentionIds, renderCard, renderOutboxMessage } from './render-outbox-message';
import { slackDslChannel } from './slack-channel';
import { failedSend } from './slack-errors';
import { aupMessage } from './views/aup-message';
import { escapeText } from './views/block-kit';
import { digestMessage } from './views/digest-message';
import { transferMessage } from './views/transfer-message';
import { describeQueuedTransferReminder } from '../../core/casefile/transfer-reminders-job';
import { describeQueuedFilteringMessage, isFilteringMessage } from '../../core/filtering/filtering-view';
import { filteringMessage } from './views/filtering-message';
import { unblockRequestCardId } from '../../core/filtering/unblock-request-redraw';
import { describeQueuedReviewReminder } from '../../core/filtering/review-reminders-job';
import { reviewReminderMessage } from './views/review-reminder-message';
import type { SlackMessage } from './views/slack-types';
import { noticeMessage, teamUnreachableMessage } from './views/notice-messages';
import { describeQueuedAlerts } from '../../core/monitoring/alert-card-view';
import { describeQueuedAlertEscalation } from '../../core/monitoring/alert-escalation';
import { alertCardId, onPlatform } from '../../core/monitoring/ingest-alert';
import { alertMessage } from './views/alert-message';

interface Target {
  key: string;
  channel: string;
}

/** Where one card was posted, and what it showed, so `escalation-update` can draw it again. */
interface SlackPost {
  /** The outbox message id (older records: `dsl-channel` or `user:<id>`). */
  key: string;
  channel: string;
  ts: string;
  message?: MessageKind;
  taskIds?: string[];
  mentions?: string[];
}

/** The messages that are cards with buttons: each copy is updated when the incident changes. */
const CARDS: readonly MessageKind[] = ['dsl-escalation', 'role-escalation', 'task-assignment', 'task-reminder'];

type Resolved = { targets: Target[] } | { unreachable: DeliveryResult & { kind: 'unreachable' } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SlackDeliverer implements Deliverer {
  /** Slack allows about one chat.postMessage a second per channel, with short bursts; a bounded map of channels. */
  readonly pacing = new ChannelPacing();

  constructor(
    private readonly deps: CoreDeps,
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const school = findSchool(this.deps.pack, message.schoolId);
    if (!school) return { kind: 'retry', reason: 'school not in the policy pack', afterMs: 60 * 60_000 };
    if (message.message === 'aup-reminder' || message.message === 'aup-escalation') {
      const said = await describeAupMessage(this.deps, school, message);
      // Signed since it was queued: there is nothing left to say (and nobody is claimed to have been told).
      if (!said) return { kind: 'sent' };
      const rendered = said.kind === 'notice' ? noticeMessage(said.view) : aupMessage(said.view);
      return this.sendToAll(school, message, () => rendered);
    }
    if (message.message === 'weekly-digest') {
      const view = await digestForMessage(this.deps, message);
      return view ? this.sendToAll(school, message, () => digestMessage(view)) : { kind: 'sent' };
    }
    if (message.message === 'transfer-reminder') {
      const view = await describeQueuedTransferReminder(this.deps, message);
      // The receipt was recorded since it was queued: there is nothing left to say.
      return view ? this.sendToAll(school, message, () => transferMessage(view)) : { kind: 'sent' };
    }
    if (message.message === 'review-reminder') {
      const view = await describeQueuedReviewReminder(this.deps, message);
      // A review was recorded since it was queued: there is nothing left to say.
      return view ? this.sendToAll(school, message, () => reviewReminderMessage(view)) : { kind: 'sent' };
    }
    if (message.message === 'alert-triage' || message.message === 'alert-reminder' || message.message === 'alert-update') {
      const view = await describeQueuedAlerts(this.deps, message);
      if (!view) return { kind: 'sent' };
      if (message.message === 'alert-update') return this.updateAlertCard(message, school, alertMessage(view, school.id));
      // No channel registered: the DSL hears of it in their own DM instead.
      const direct = message.to.kind === 'dsl-channel' && !(await slackDslChannel(this.deps.store, school));
      return this.sendToAll(school, direct ? { ...message, to: { kind: 'role', role: 'dsl' } } : message, () => alertMessage(view, school.id, mentionIds(message)));
    }
    if (message.message === 'alert-escalation') {
      const view = await describeQueuedAlertEscalation(this.deps, message);
      // Triaged since it was queued: saying nobody has would be untrue.
      return view ? this.sendToAll(school, message, () => teamUnreachableMessage(view)) : { kind: 'sent' };
    }
    if (isFilteringMessage(message.message)) {
      const view = await describeQueuedFilteringMessage(this.deps, message);
      // Answered or blocked again since it was queued: there is nothing left to say.
      if (!view) return { kind: 'sent' };
      if (message.message === 'unblock-request-update') return this.updateUnblockRequestCard(message, filteringMessage(view));
      return this.sendToAll(school, message, () => filteringMessage(view));
    }
    const incident = message.incidentId ? await this.deps.store.get<Incident>('incidents', message.schoolId, message.incidentId) : undefined;
    if (!incident) return { kind: 'retry', reason: 'incident not found', afterMs: 60_000 };
    if (message.message === 'escalation-update') return this.updatePosts(school, incident);
    const rendered = renderOutboxMessage(this.deps, school, message, incident);
    return this.sendToAll(school, message, () => rendered, incident);
  }

  private async sendToAll(school: School, message: Stored<OutboxMessage>, render: (target: Target) => SlackMessage, incident?: Incident): Promise<DeliveryResult> {
    const resolved = await this.resolve(school, message);
    if ('unreachable' in resolved) return resolved.unreachable;
    let messageId: string | undefined;
    for (const target of resolved.targets) {
      const deliveredId = `${message.id}:slack:${target.key}`;
      if (await wasDelivered(this.deps.store, message.schoolId, deliveredId)) continue;
      const result = await this.post(target.channel, render(target));
      if (result.kind !== 'sent') {
        if (result.kind === 'unreachable') this.logger.warn('slack.recipient-refused', { message: message.id, error: result.detail });
        return result;
      }
      messageId = result.ts;
      await markDelivered(this.deps.store, message.schoolId, deliveredId, { ts: result.ts, ...(result.channel && { channel: result.channel }) });
      if (incident && CARDS.includes(message.message) && result.ts && result.channel) {
        const taskIds = taskIdsForMessage(incident, message);
        await this.recordPost(incident, { key: message.id, channel: result.channel, ts: result.ts, message: message.message, taskIds, mentions: mentionIds(message) });
      }
    }
    return { kind: 'sent', ...(messageId && { messageId }) };
  }

  private async resolve(school: School, message: OutboxMessage): Promise<Resolved> {
    const to = message.to;
    const noId = (detail: string): Resolved => ({ unreachable: { kind: 'unreachable', reason: 'no-platform-id', detail } });
    switch (to.kind) {
      case 'person':
        return to.person.platform === 'slack' ? { targets: [{ key: `user:${to.person.userId}`, channel: to.person.userId }] } : noId(`a ${to.person.platform} user`);
      case 'holder':
        return to.holder.slackUserId ? { targets: [{ key: `user:${to.holder.slackUserId}`, channel: to.holder.slackUserId }] } : noId('no slackUserId in the pack');
      case 'dsl-channel': {
        const channel = await slackDslChannel(this.deps.store, school);
        return channel ? { targets: [{ key: 'dsl-channel', channel }] } : { unreachable: { kind: 'unreachable', reason: 'no-channel' } };
      }
      case 'role': {
        const targets = this.holders(school, [to.role]).flatMap((h) => (h.slackUserId ? [{ key: `user:${h.slackUserId}`, channel: h.slackUserId }] : []));
        return targets.length ? { targets } : noId(`nobody in ${to.role} has a slackUserId`);
      }
    }
  }

  private holders(school: School, roles: RoleKey[]) {
    const all = roles.flatMap((r) => roleHolders(this.deps.pack, school, r));
    return all.filter((h, i) => all.findIndex((o) => personKey(o) === personKey(h)) === i);
  }

  private async post(channel: string, message: SlackMessage, ts?: string): Promise<DeliveryResult & { ts?: string; channel?: string }> {
    if (!ts) for (let wait = this.pacing.take(channel); wait > 0; wait = this.pacing.take(channel)) await sleep(wait);
    try {
      // The notification text is mrkdwn too: a name like `<!channel>` must not notify anyone.
      const text = escapeText(message.text);
      const answer = ts
        ? await this.client.chat.update({ channel, ts, text, blocks: message.blocks })
        : await this.client.chat.postMessage({ channel, text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return { kind: 'sent', ts: answer.ts, channel: answer.channel };
    } catch (error) {
      return failedSend(error);
    }
  }

  private recordPost(incident: Incident, post: SlackPost): Promise<void> {
    return recordPost<SlackPost>(this.deps.store, incident.schoolId, `${incident.id}:slack-posts`, post);
  }

  /** Redraws one approver's unblock request card in their DM with `chat.update`; a card never posted (unreachable) has nothing to redraw, and no new message is sent instead. */
  private async updateUnblockRequestCard(message: Stored<OutboxMessage>, rendered: SlackMessage): Promise<DeliveryResult> {
    const to = message.to;
    if (to.kind !== 'holder' || !to.holder.slackUserId || !message.filtering) return { kind: 'sent' };
    const posted = `${unblockRequestCardId(message.filtering.entryId, to.holder.key)}:slack:user:${to.holder.slackUserId}`;
    const marked = await this.deps.store.get<{ id: string; schoolId: string; ts?: string; channel?: string }>('sent', message.schoolId, posted);
    if (!marked?.ts || !marked.channel) return { kind: 'sent' };
    const result = await this.post(marked.channel, rendered, marked.ts);
    if (result.kind === 'unreachable') this.logger.warn('slack.update-refused', { message: message.message, error: result.detail });
    return result.kind === 'sent' ? { kind: 'sent', messageId: marked.ts } : result;
  }

  /** Redraws the copies of an alert card posted here (the channel, or each DSL's DM) after it was decided on another platform. */
  private async updateAlertCard(message: Stored<OutboxMessage>, school: School, rendered: SlackMessage): Promise<DeliveryResult> {
    const cardId = onPlatform(alertCardId(message.alertBatchId ?? ''), 'slack');
    const channel = await slackDslChannel(this.deps.store, school);
    const marks = [`${cardId}:slack:dsl-channel`, ...this.holders(school, ['dsl']).flatMap((h) => (h.slackUserId ? [`${cardId}:slack:user:${h.slackUserId}`] : []))];
    for (const id of marks) {
      const marked = await this.deps.store.get<{ id: string; schoolId: string; ts?: string; channel?: string }>('sent', message.schoolId, id);
      const where = marked?.channel ?? (id.endsWith(':dsl-channel') ? channel : undefined);
      if (!marked?.ts || !where) continue;
      const result = await this.post(where, rendered, marked.ts);
      if (result.kind === 'retry') return result;
      if (result.kind === 'unreachable') this.logger.warn('slack.update-refused', { message: message.message, error: result.detail });
    }
    return { kind: 'sent' };
  }

  /** Every posted card redrawn with its own layout and tasks. A copy Slack refuses (deleted, archived) does not hold up the others. */
  private async updatePosts(school: School, incident: Stored<Incident>): Promise<DeliveryResult> {
    const posts = (await readPosts<SlackPost>(this.deps.store, incident.schoolId, `${incident.id}:slack-posts`)) ?? [];
    let refused: DeliveryResult | undefined;
    for (const post of posts) {
      const kind = post.message ?? 'dsl-escalation';
      const taskIds = post.taskIds ?? (post.key === 'dsl-channel' ? taskIdsForMessage(incident, { to: { kind: 'dsl-channel' } }) : []);
      const result = await this.post(post.channel, renderCard(this.deps, school, incident, kind, taskIds, post.mentions ?? []), post.ts);
      if (result.kind === 'retry') return result;
      if (result.kind === 'unreachable') {
        this.logger.warn('slack.update-refused', { incident: incident.id, error: result.detail });
        refused = result;
      }
    }
    return refused ?? { kind: 'sent' };
  }
}
