/**
 * Sends outbox messages to Teams: finds the one place each recipient can be reached (a stored 1:1
 * chat, a 1:1 opened from the team roster, or the safeguarding channel), renders the card, and says
 * truthfully what happened: `sent` only when Teams acknowledged it, `unreachable` with the reason when
 * there is nowhere to send it, `retry` for a rate limit or an outage. Case and task cards are recorded
 * where they were posted, so each copy can be updated in place.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { describeAupMessage } from '../../core/aup/aup-message-view';
import type { Deliverer, DeliveryResult } from '../../core/delivery/dispatch-outbox';
import { markDelivered } from '../../core/delivery/delivery-records';
import type { OutboxMessage, UnreachableReason } from '../../core/delivery/outbox';
import type { CoreDeps } from '../../core/deps';
import { digestForMessage } from '../../core/digest/digest-for-message';
import type { Incident } from '../../core/incidents/incident';
import { personKey } from '../../core/people/person-key';
import type { Reachability } from '../../core/delivery/reachability';
import { findSchool } from '../../core/people/resolve-school';
import { roleHolders } from '../../core/people/role-holders';
import type { RoleKey, School } from '../../core/policy/schema';
import type { Stored } from '../../ports/document-store';
import type { Logger } from '../../ports/logger';
import { aupCardData, digestCardData, noticeCardData } from './cards/card-data';
import { renderCard } from './cards/render-card';
import { transferCardData } from './cards/transfer-data';
import { describeQueuedTransferReminder } from '../../core/casefile/transfer-reminders-job';
import { describeQueuedFilteringMessage, isFilteringMessage } from '../../core/filtering/filtering-view';
import { filteringCardData } from './cards/filtering-data';
import { unblockRequestCardId } from '../../core/filtering/unblock-request-redraw';
import { describeQueuedReviewReminder } from '../../core/filtering/review-reminders-job';
import { reviewReminderCardData } from './cards/review-reminder-data';
import { rememberOpenedChat } from './conversation-refs';
import { type PersonAddress, TeamsReachability, channelAddress, personAddress } from './teams-addresses';
import { type TeamsPost, UPDATED_KINDS, type UpdatedKind, postCard, readTeamsPosts, recordTeamsPost } from './teams-posts';
import { type SendResult, TeamsSender } from './teams-sender';
import { renderOutboxCard } from './render-outbox-card';
import { taskIdsForMessage } from '../../core/incidents/task-view';
import { describeQueuedAlerts } from '../../core/monitoring/alert-card-view';
import { describeQueuedAlertEscalation } from '../../core/monitoring/alert-escalation';
import { alertCardId } from '../../core/monitoring/ingest-alert';
import { alertTriageCardData } from './cards/alert-triage-data';

type Card = Record<string, unknown>;
type Address = PersonAddress | { kind: 'channel'; reference: NonNullable<Awaited<ReturnType<typeof channelAddress>>> };

export class TeamsDeliverer implements Deliverer {
  private readonly sender: TeamsSender;

  constructor(
    private readonly deps: CoreDeps,
    adapter: TeamsAdapter,
    appId: string,
    private readonly logger: Logger,
    audience = 'https://api.botframework.com',
  ) {
    this.sender = new TeamsSender(adapter, appId, audience);
  }

  /** Whether Teams can reach a holder or the channel now, by the same rules this deliverer sends by. */
  reachability(): Reachability {
    return new TeamsReachability(this.deps.store, this.deps.pack);
  }

  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const school = findSchool(this.deps.pack, message.schoolId);
    if (school && (message.message === 'aup-reminder' || message.message === 'aup-escalation')) {
      const said = await describeAupMessage(this.deps, school, message);
      // Signed since it was queued: there is nothing left to say.
      if (!said) return { kind: 'sent' };
      return this.deliverCard(message, school, said.kind === 'notice' ? renderCard('notice', noticeCardData(said.view.title, said.view.lines)) : renderCard('aup', aupCardData(said.view)));
    }
    if (school && message.message === 'weekly-digest') {
      const view = await digestForMessage(this.deps, message);
      return view ? this.deliverCard(message, school, renderCard('digest', digestCardData(view))) : { kind: 'sent' };
    }
    if (school && message.message === 'transfer-reminder') {
      const view = await describeQueuedTransferReminder(this.deps, message);
      // The receipt was recorded since it was queued: there is nothing left to say.
      return view ? this.deliverCard(message, school, renderCard('transfer', transferCardData(view))) : { kind: 'sent' };
    }
    if (school && message.message === 'review-reminder') {
      const view = await describeQueuedReviewReminder(this.deps, message);
      // A review was recorded since it was queued: there is nothing left to say.
      return view ? this.deliverCard(message, school, renderCard('review-reminder', reviewReminderCardData(view))) : { kind: 'sent' };
    }
    if (school && (message.message === 'alert-triage' || message.message === 'alert-reminder' || message.message === 'alert-update')) {
      const view = await describeQueuedAlerts(this.deps, message);
      if (!view) return { kind: 'sent' };
      const mentions = (message.mentions ?? []).flatMap((h) => (h.teamsUserId ? [{ id: h.teamsUserId, name: h.name }] : []));
      const card = renderCard('alert-triage', alertTriageCardData(view, school.id, mentions));
      if (message.message === 'alert-update') return this.updateAlertCard(message, school, card);
      // No channel registered: the DSL hears of it in their own chat instead.
      if (!(await channelAddress(this.deps.store, school, message.schoolId))) return this.deliverToRole(message, school, 'dsl', card);
      return this.deliverCard(message, school, card);
    }
    if (school && message.message === 'alert-escalation') {
      const view = await describeQueuedAlertEscalation(this.deps, message);
      // Triaged since it was queued: saying nobody has would be untrue.
      return view ? this.deliverCard(message, school, renderCard('notice', noticeCardData(view.title, view.lines, { tone: 'error' }))) : { kind: 'sent' };
    }
    if (school && isFilteringMessage(message.message)) {
      const view = await describeQueuedFilteringMessage(this.deps, message);
      // Answered or blocked again since it was queued: there is nothing left to say.
      if (!view) return { kind: 'sent' };
      const card = renderCard('filtering', filteringCardData(view));
      return message.message === 'unblock-request-update' ? this.updateUnblockRequestCard(message, card) : this.deliverCard(message, school, card);
    }
    const incident = message.incidentId ? await this.deps.store.get<Incident>('incidents', message.schoolId, message.incidentId) : undefined;
    // Every other message is about an incident; one not yet readable is tried again rather than dropped.
    if (!school || !incident) return { kind: 'retry', reason: 'incident or school not found', afterMs: 60_000 };
    if (message.message === 'escalation-update') return this.updatePosts(school, incident);
    const toChannel = message.to.kind === 'dsl-channel';
    const mentions = toChannel ? (message.mentions ?? []).flatMap((h) => (h.teamsUserId ? [{ id: h.teamsUserId, name: h.name }] : [])) : [];
    const to = message.to;
    const leads = toChannel || (to.kind === 'holder' && (incident.routing.people ?? []).some((p) => p.key === to.holder.key && p.part === 'lead'));
    const card = renderOutboxCard(this.deps, school, message, incident, { mentions, leads });
    return this.deliverCard(message, school, card, incident);
  }

  /** One recipient (a person, a holder, the channel), or each holder of a role (AUP and digest messages). */
  private async deliverCard(message: Stored<OutboxMessage>, school: School, card: Card, incident?: Incident): Promise<DeliveryResult> {
    const to = message.to;
    if (to.kind === 'role') return this.deliverToRole(message, school, to.role, card);
    let address: Address;
    if (to.kind === 'dsl-channel') {
      const reference = await channelAddress(this.deps.store, school, message.schoolId);
      // Core messages the team directly instead; sending them DMs here as well would tell them twice.
      if (!reference) return this.unreachable(message, 'no-channel');
      address = { kind: 'channel', reference };
    } else if (to.kind === 'holder') {
      address = await personAddress(this.deps.store, message.schoolId, to.holder.teamsUserId);
    } else {
      address = to.person.platform === 'teams' ? await personAddress(this.deps.store, message.schoolId, to.person.userId) : { kind: 'none', reason: 'no-platform-id' };
    }
    if (address.kind === 'none') return this.unreachable(message, address.reason);
    const result = await this.sendOnce(message, `${message.id}:teams`, address, card);
    if (result.kind !== 'sent') return result.kind === 'unreachable' ? this.unreachable(message, result.reason, result.detail) : result;
    if (incident && result.activityId && (UPDATED_KINDS as readonly string[]).includes(message.message)) {
      const holderKey = to.kind === 'holder' ? to.holder.key : undefined;
      await recordTeamsPost(this.deps.store, incident, {
        key: to.kind === 'dsl-channel' ? 'dsl-channel' : message.id,
        reference: result.reference,
        activityId: result.activityId,
        kind: message.message as UpdatedKind,
        taskIds: taskIdsForMessage(incident, message),
        ...(holderKey && { holderKey }),
      });
    }
    return { kind: 'sent', ...(result.activityId && { messageId: result.activityId }) };
  }

  /** Every holder of the role who can be reached; unreachable only if nobody could be. */
  private async deliverToRole(message: Stored<OutboxMessage>, school: School, role: RoleKey, card: Card): Promise<DeliveryResult> {
    const holders = roleHolders(this.deps.pack, school, role).filter((h, i, all) => all.findIndex((o) => personKey(o) === personKey(h)) === i);
    let reached = 0;
    let reason: UnreachableReason = 'no-platform-id';
    let messageId: string | undefined;
    for (const holder of holders) {
      const address = await personAddress(this.deps.store, message.schoolId, holder.teamsUserId);
      if (address.kind === 'none') {
        if (address.reason === 'no-conversation') reason = address.reason;
        continue;
      }
      const result = await this.sendOnce(message, `${message.id}:user:${holder.teamsUserId}`, address, card);
      if (result.kind === 'retry') return result;
      if (result.kind === 'unreachable') {
        reason = result.reason;
        continue;
      }
      reached++;
      messageId ??= result.activityId;
    }
    if (!reached) return this.unreachable(message, reason);
    return { kind: 'sent', ...(messageId && { messageId }) };
  }

  /** Sends unless this (message, recipient) was already sent, which a retried message may have been. */
  private async sendOnce(message: Stored<OutboxMessage>, deliveredId: string, address: Exclude<Address, { kind: 'none' }>, card: Card): Promise<SendResult> {
    const marked = await this.deps.store.get<{ id: string; schoolId: string; activityId?: string; reference?: TeamsPost['reference'] }>('sent', message.schoolId, deliveredId);
    if (marked) {
      return { kind: 'sent', activityId: marked.activityId, reference: marked.reference ?? {} };
    }
    const result = address.kind === 'member' ? await this.sender.open(address.member, card) : await this.sender.send(address.reference, card);
    if (result.kind !== 'sent') return result;
    if (address.kind === 'member') await rememberOpenedChat(this.deps.store, message.schoolId, result.reference, this.deps.clock.now());
    await markDelivered(this.deps.store, message.schoolId, deliveredId, { ...(result.activityId && { activityId: result.activityId }), reference: result.reference });
    return result;
  }

  private unreachable(message: OutboxMessage, reason: UnreachableReason, detail?: string): DeliveryResult {
    this.logger.warn('teams.recipient-unreachable', { message: message.message, incidentId: message.incidentId, reason });
    return { kind: 'unreachable', reason, ...(detail && { detail }) };
  }

  /** Redraws one approver's unblock request card where it was posted; a card never posted (unreachable) has nothing to redraw, and no new message is sent instead. */
  private async updateUnblockRequestCard(message: Stored<OutboxMessage>, card: Card): Promise<DeliveryResult> {
    const to = message.to;
    if (to.kind !== 'holder' || !message.filtering) return { kind: 'sent' };
    const posted = `${unblockRequestCardId(message.filtering.entryId, to.holder.key)}:teams`;
    const marked = await this.deps.store.get<{ id: string; schoolId: string; activityId?: string; reference?: TeamsPost['reference'] }>('sent', message.schoolId, posted);
    if (!marked?.activityId || !marked.reference) return { kind: 'sent' };
    const result = await this.sender.send(marked.reference, card, marked.activityId);
    if (result.kind === 'unreachable') this.logger.warn('teams.card-update-refused', { message: message.message, reason: result.reason });
    return result.kind === 'sent' ? { kind: 'sent', messageId: marked.activityId } : result;
  }

  /** Redraws the copies of an alert card posted here (the channel, or each DSL's chat) after it was decided on another platform. */
  private async updateAlertCard(message: Stored<OutboxMessage>, school: School, card: Card): Promise<DeliveryResult> {
    const cardId = alertCardId(message.alertBatchId ?? '');
    const marks = [`${cardId}:teams`, ...roleHolders(this.deps.pack, school, 'dsl').flatMap((h) => (h.teamsUserId ? [`${cardId}:user:${h.teamsUserId}`] : []))];
    for (const id of marks) {
      const marked = await this.deps.store.get<{ id: string; schoolId: string; activityId?: string; reference?: TeamsPost['reference'] }>('sent', message.schoolId, id);
      if (!marked?.activityId || !marked.reference) continue;
      const result = await this.sender.send(marked.reference, card, marked.activityId);
      if (result.kind === 'retry') return result;
      if (result.kind === 'unreachable') this.logger.warn('teams.card-update-refused', { message: message.message, reason: result.reason });
    }
    return { kind: 'sent' };
  }

  /** Redraws every recorded copy of the incident's cards; a copy Teams refuses (deleted, bot removed) is passed over. */
  private async updatePosts(school: School, incident: Stored<Incident>): Promise<DeliveryResult> {
    const posts = await readTeamsPosts(this.deps.store, incident);
    // Nothing posted yet: each card is drawn from the incident as it is when it is first sent.
    if (!posts.length) return { kind: 'sent' };
    let updated = 0;
    for (const post of posts) {
      const result = await this.sender.send(post.reference, postCard(this.deps, school, incident, post), post.activityId);
      if (result.kind === 'retry') return result;
      if (result.kind === 'sent') updated++;
      else this.logger.warn('teams.card-update-refused', { incidentId: incident.id, reason: result.reason });
    }
    return updated ? { kind: 'sent' } : { kind: 'unreachable', reason: 'refused', detail: 'Teams refused every update' };
  }
}
