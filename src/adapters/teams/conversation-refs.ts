/**
 * Stored Teams conversation references: how the bot reaches a person or channel later. Saved on install
 * and on every message, so proactive sends (receipts, escalations, nags) always have somewhere to go.
 */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { Doc, DocumentStore } from '../../ports/document-store';

export interface ConversationDoc extends Doc {
  platform: 'teams';
  reference: Partial<ConversationReference>;
  kind: 'personal' | 'channel' | 'groupChat';
  updatedAt: string;
}

export const userRefId = (userId: string) => `teams:user:${userId}`;
export const conversationRefId = (conversationId: string) => `teams:conv:${conversationId}`;
export const DSL_CHANNEL_REF_ID = 'teams:dsl-channel';

/**
 * Saves where this activity came from, keyed by the conversation and, for a 1:1 chat, by each id the
 * person is known by (Entra object id and Teams id), whichever the policy pack uses.
 */
export async function rememberConversation(store: DocumentStore, schoolId: string, activity: Partial<Activity>, userIds: string[], now: Date): Promise<void> {
  const reference = TurnContext.getConversationReference(activity);
  const type = activity.conversation?.conversationType ?? 'personal';
  const kind: ConversationDoc['kind'] = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  const ids = kind === 'personal' ? userIds.map(userRefId) : [conversationRefId(activity.conversation?.id ?? 'unknown')];
  for (const id of ids) {
    await store.upsert<ConversationDoc>('conversations', { id, schoolId, platform: 'teams', reference, kind, updatedAt: now.toISOString() });
  }
}

/** Makes a stored channel the school's DSL channel. */
export async function registerDslChannel(store: DocumentStore, schoolId: string, activity: Partial<Activity>, now: Date): Promise<void> {
  const reference = TurnContext.getConversationReference(activity);
  // Post to the channel itself, not into the thread the command was typed in.
  const channelId = activity.channelData?.channel?.id ?? activity.conversation?.id?.split(';')[0];
  const conversation = { ...(reference.conversation ?? {}), id: channelId ?? reference.conversation?.id } as ConversationReference['conversation'];
  await store.upsert<ConversationDoc>('conversations', {
    id: DSL_CHANNEL_REF_ID,
    schoolId,
    platform: 'teams',
    reference: { ...reference, conversation },
    kind: 'channel',
    updatedAt: now.toISOString(),
  });
}

/**
 * A team member as the roster gave them: enough to open a 1:1 chat with them (`createConversation`)
 * before they have ever written to the bot. Kept beside the conversation references (so a leaver's
 * retention and erasure find it the same way) under each id they are known by.
 */
export interface MemberDoc extends Doc {
  platform: 'teams';
  kind: 'member';
  reference: Partial<ConversationReference>;
  updatedAt: string;
}

export const memberRefId = (userId: string) => `teams:member:${userId}`;

export interface RosterMember {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** Saves a team member met through a roster or a membersAdded event, keyed by their Teams and Entra ids. */
export async function rememberMember(store: DocumentStore, schoolId: string, activity: Partial<Activity>, member: RosterMember, now: Date): Promise<void> {
  if (!activity.serviceUrl || !member.id) return;
  const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  const reference: Partial<ConversationReference> = {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    bot: activity.recipient,
    user: { id: member.id, name: member.name ?? '', ...(member.aadObjectId && { aadObjectId: member.aadObjectId }) },
    conversation: { id: '', isGroup: false, conversationType: 'personal', name: '', ...(tenantId && { tenantId }) },
  };
  const ids = [member.aadObjectId, member.id].filter((id): id is string => Boolean(id));
  for (const id of ids) {
    await store.upsert<MemberDoc>('conversations', { id: memberRefId(id), schoolId, platform: 'teams', kind: 'member', reference, updatedAt: now.toISOString() });
  }
}

/** Saves the 1:1 chat the bot opened with someone, as if they had written to it there. */
export async function rememberOpenedChat(store: DocumentStore, schoolId: string, reference: Partial<ConversationReference>, now: Date): Promise<void> {
  const user = reference.user as (ConversationReference['user'] & { aadObjectId?: string }) | undefined;
  const ids = [user?.aadObjectId, user?.id].filter((id): id is string => Boolean(id));
  for (const id of ids) {
    await store.upsert<ConversationDoc>('conversations', { id: userRefId(id), schoolId, platform: 'teams', reference, kind: 'personal', updatedAt: now.toISOString() });
  }
}
