/**
 * Sends outbox messages to Teams: resolves who should get each one to stored conversation references,
 * renders the card, keeps Teams' rate limits, and records where escalation cards were posted so they
 * can be updated in place. A 429 or 5xx, or a person the bot cannot reach yet, is a retry, never a drop.
 */
import { type ConversationReference, MessageFactory, type TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Deliverer, DeliveryResult } from '../../core/delivery/dispatch-outbox';
import type { OutboxMessage } from '../../core/delivery/outbox';
import { TokenBuckets } from '../../core/delivery/token-bucket';
import type { CoreDeps } from '../../core/deps';
import type { Incident } from '../../core/incidents/incident';
import { personKey } from '../../core/incidents/act-on-incident';
import { findSchool } from '../../core/people/resolve-school';
import type { RoleKey, School } from '../../core/policy/schema';
import { getsEscalationAnyway } from '../../core/routing/already-told';
import { describeAupMessage } from '../../core/aup/aup-message-view';
import { aupCardData, digestCardData, noticeCardData } from './cards/card-data';
import { digestForMessage } from '../../core/digest/digest-for-message';
import { roleHolders } from '../../core/people/role-holders';
import { renderCard } from './cards/render-card';
import type { Stored } from '../../ports/document-store';
import { markDelivered, readPosts, recordPost, wasDelivered } from '../../core/delivery/delivery-records';
import type { Logger } from '../../ports/logger';
import { type ConversationDoc, DSL_CHANNEL_REF_ID, conversationRefId, userRefId } from './conversation-refs';
import { renderOutboxCard } from './render-outbox-card';

interface Target {
  key: string;
  reference: Partial<ConversationReference>;
  /** People to @mention on urgent cards. */
  mentions: Array<{ id: string; name: string }>;
}

interface TeamsPost {
  key: string;
  reference: Partial<ConversationReference>;
  activityId: string;
}

// Teams allows 7 messages a second per conversation (60 per 30 s sustained) and about 50 a second per tenant.
const perConversation = new TokenBuckets(7, 2);
const perTenant = new TokenBuckets(50, 50);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TeamsDeliverer implements Deliverer {
  constructor(
    private readonly deps: CoreDeps,
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly logger: Logger,
  ) {}

  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const school = findSchool(this.deps.pack, message.schoolId);
    if (school && (message.message === 'aup-reminder' || message.message === 'aup-escalation')) {
      const card = await this.aupCard(school, message);
      return card ? this.sendToAll(message, () => card) : { kind: 'sent' };
    }
    if (school && message.message === 'weekly-digest') {
      const view = await digestForMessage(this.deps, message);
      return view ? this.sendToAll(message, () => renderCard('digest', digestCardData(view))) : { kind: 'sent' };
    }
    const incident = message.incidentId ? await this.deps.store.get<Incident>('incidents', message.schoolId, message.incidentId) : undefined;
    // Every other message is about an incident; one not yet readable is tried again rather than dropped.
    if (!school || !incident) return { kind: 'retry', reason: 'incident or school not found', afterMs: 60_000 };
    if (message.message === 'escalation-update') return this.updatePosts(message, incident);
    return this.sendToAll(message, (target) => renderOutboxCard(this.deps, school, message, incident, target.mentions), incident);
  }

  /** The AUP card for a reminder (nothing, if they have signed since it was queued) or the lead's notice. */
  private async aupCard(school: School, message: Stored<OutboxMessage>): Promise<object | undefined> {
    const said = await describeAupMessage(this.deps, school, message);
    if (!said) return undefined;
    return said.kind === 'notice' ? renderCard('notice', noticeCardData(said.view.title, said.view.lines)) : renderCard('aup', aupCardData(said.view));
  }

  private async sendToAll(message: Stored<OutboxMessage>, render: (target: Target) => object, incident?: Incident): Promise<DeliveryResult> {
    const { targets, missing } = await this.resolve(message, incident);
    if (!targets.length && message.message === 'inform-role') return { kind: 'sent' };
    if (!targets.length) return { kind: 'retry', reason: `no Teams conversation yet for ${missing.join(', ') || 'recipient'}`, afterMs: 5 * 60_000 };
    for (const target of targets) {
      const deliveredId = `${message.id}:${target.key}`;
      if (await wasDelivered(this.deps.store, message.schoolId, deliveredId)) continue;
      const result = await this.send(target, render(target));
      if (result.kind !== 'sent') return result;
      await markDelivered(this.deps.store, message.schoolId, deliveredId, { activityId: result.activityId });
      if (incident && (message.message === 'dsl-escalation' || message.message === 'role-escalation') && result.activityId) {
        await this.recordPost(incident, target, result.activityId);
      }
    }
    if (missing.length) this.logger.warn('teams.recipient-unreachable', { message: message.id, missing });
    return { kind: 'sent' };
  }

  private async resolve(message: OutboxMessage, incident?: Incident): Promise<{ targets: Target[]; missing: string[] }> {
    const school = findSchool(this.deps.pack, message.schoolId);
    const store = this.deps.store;
    const byUser = async (userId: string) => (await store.get<ConversationDoc>('conversations', message.schoolId, userRefId(userId)))?.reference;
    const holders = (roles: RoleKey[]) =>
      roles.flatMap((r) => roleHolders(this.deps.pack, school, r)).filter((h, i, all) => all.findIndex((o) => personKey(o) === personKey(h)) === i);
    const mentionsFor = message.message === 'urgent-reminder' || message.message === 'dsl-escalation' ? holders(['dsl', 'deputy-dsl']) : [];
    const mentions = mentionsFor.filter((h) => h.teamsUserId).map((h) => ({ id: h.teamsUserId as string, name: h.name }));
    const to = message.to;
    if (to.kind === 'person') {
      const reference = to.person.platform === 'teams' ? await byUser(to.person.userId) : undefined;
      return reference ? { targets: [{ key: `user:${to.person.userId}`, reference, mentions: [] }], missing: [] } : { targets: [], missing: ['reporter'] };
    }
    if (to.kind === 'dsl-channel') {
      const configured = school?.dslChannel.teams;
      const channel =
        (configured && (await store.get<ConversationDoc>('conversations', message.schoolId, conversationRefId(configured)))) ||
        (await store.get<ConversationDoc>('conversations', message.schoolId, DSL_CHANNEL_REF_ID));
      if (channel) return { targets: [{ key: 'dsl-channel', reference: channel.reference, mentions }], missing: [] };
    }
    // No channel registered: the safeguarding team get it one-to-one rather than not at all.
    const roles = to.kind === 'role' ? [to.role] : (['dsl', 'deputy-dsl'] as const);
    const targets: Target[] = [];
    const missing: string[] = [];
    for (const holder of holders([...roles])) {
      if (message.message === 'inform-role' && school && incident && getsEscalationAnyway(school, incident.routing, holder)) continue;
      const reference = holder.teamsUserId ? await byUser(holder.teamsUserId) : undefined;
      if (reference) targets.push({ key: `user:${holder.teamsUserId}`, reference, mentions: [] });
      else missing.push(roles.join('/'));
    }
    return { targets, missing };
  }

  private async send(target: Target, card: object, updateId?: string): Promise<DeliveryResult & { activityId?: string }> {
    const conversationKey = target.reference.conversation?.id ?? target.key;
    const tenantKey = target.reference.conversation?.tenantId ?? 'tenant';
    for (let wait = perConversation.take(conversationKey); wait > 0; wait = perConversation.take(conversationKey)) await sleep(wait);
    for (let wait = perTenant.take(tenantKey); wait > 0; wait = perTenant.take(tenantKey)) await sleep(wait);
    let activityId: string | undefined;
    // The adapter's turn-error handler would swallow a failed send, so the failure is carried out by hand.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, target.reference as ConversationReference, async (context: TurnContext) => {
        const activity = MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
        try {
          if (updateId) {
            await context.updateActivity({ ...activity, id: updateId });
            activityId = updateId;
          } else {
            activityId = (await context.sendActivity(activity))?.id;
          }
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
      return { kind: 'sent', activityId };
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const retryAfter = Number((error as { response?: { headers?: { get?: (h: string) => string | undefined } } }).response?.headers?.get?.('retry-after'));
      return { kind: 'retry', reason: `Teams answered ${status ?? (error as Error).name}`, afterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined };
    }
  }

  private recordPost(incident: Incident, target: Target, activityId: string): Promise<void> {
    return recordPost<TeamsPost>(this.deps.store, incident.schoolId, `${incident.id}:teams-posts`, { key: target.key, reference: target.reference, activityId });
  }

  private async updatePosts(message: Stored<OutboxMessage>, incident: Stored<Incident>): Promise<DeliveryResult> {
    const school = findSchool(this.deps.pack, message.schoolId);
    const posts = await readPosts<TeamsPost>(this.deps.store, incident.schoolId, `${incident.id}:teams-posts`);
    if (!school || !posts) return { kind: 'sent' };
    const card = renderOutboxCard(this.deps, school, { ...message, message: 'dsl-escalation' }, incident, []);
    for (const post of posts) {
      const result = await this.send({ key: post.key, reference: post.reference, mentions: [] }, card, post.activityId);
      if (result.kind !== 'sent') return result;
    }
    return { kind: 'sent' };
  }
}
