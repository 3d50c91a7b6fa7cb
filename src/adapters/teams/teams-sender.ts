/**
 * Posts, updates and opens 1:1 chats in Teams within its rate limits, and says what Teams answered:
 * `sent` only with Teams' acknowledgement (and the activity id it gave), `retry` for a 429 or 5xx (or
 * no answer), `unreachable: refused` for a 403 or 404 (the bot was removed, the user blocked it, the
 * conversation is gone).
 */
import { type ConversationParameters, type ConversationReference, MessageFactory, type TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { DeliveryResult } from '../../core/delivery/dispatch-outbox';
import { TokenBuckets } from '../../core/delivery/token-bucket';
import type { MemberDoc } from './conversation-refs';

export type SendResult = Exclude<DeliveryResult, { kind: 'sent' }> | { kind: 'sent'; activityId?: string; reference: Partial<ConversationReference> };

// Teams allows 7 messages a second per conversation (60 per 30 s sustained) and about 50 a second per tenant.
const perConversation = new TokenBuckets(7, 2);
const perTenant = new TokenBuckets(50, 50);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failed(error: unknown): Exclude<SendResult, { kind: 'sent' }> {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 403 || status === 404) return { kind: 'unreachable', reason: 'refused', detail: `Teams answered ${status}` };
  const retryAfter = Number((error as { response?: { headers?: { get?: (h: string) => string | undefined } } }).response?.headers?.get?.('retry-after'));
  return { kind: 'retry', reason: `Teams answered ${status ?? (error as Error).name}`, afterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined };
}

export class TeamsSender {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly audience: string,
  ) {}

  private async throttle(conversationKey: string, tenantKey: string): Promise<void> {
    for (let wait = perConversation.take(conversationKey); wait > 0; wait = perConversation.take(conversationKey)) await sleep(wait);
    for (let wait = perTenant.take(tenantKey); wait > 0; wait = perTenant.take(tenantKey)) await sleep(wait);
  }

  /** Posts `card` to a known conversation, or replaces the post `updateId` there. */
  async send(reference: Partial<ConversationReference>, card: object, updateId?: string): Promise<SendResult> {
    await this.throttle(reference.conversation?.id ?? 'unknown', reference.conversation?.tenantId ?? 'tenant');
    let activityId: string | undefined;
    // The adapter's turn-error handler would swallow a failed send, so the failure is carried out by hand.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference as ConversationReference, async (context: TurnContext) => {
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
      return { kind: 'sent', activityId, reference };
    } catch (error) {
      return failed(error);
    }
  }

  /** Opens a 1:1 chat with a team member the bot has not talked to yet and posts `card` there. */
  async open(member: MemberDoc, card: object): Promise<SendResult> {
    const known = member.reference;
    const tenantId = known.conversation?.tenantId;
    await this.throttle(`open:${known.user?.id ?? ''}`, tenantId ?? 'tenant');
    const parameters = {
      isGroup: false,
      bot: known.bot,
      members: [{ id: known.user?.id ?? '', name: known.user?.name ?? '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    let activityId: string | undefined;
    let conversationId: string | undefined;
    let failure: unknown;
    try {
      await this.adapter.createConversationAsync(this.appId, known.channelId ?? 'msteams', known.serviceUrl ?? '', this.audience, parameters, async (context) => {
        conversationId = context.activity.conversation?.id;
        try {
          activityId = (await context.sendActivity(MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card })))?.id;
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
      const conversation = { ...(known.conversation ?? {}), id: conversationId ?? '' } as ConversationReference['conversation'];
      return { kind: 'sent', activityId, reference: { ...known, conversation } };
    } catch (error) {
      return failed(error);
    }
  }
}
