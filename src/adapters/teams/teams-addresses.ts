/**
 * Where the bot can reach someone in Teams, from what it has stored: a 1:1 conversation reference, or
 * a team-roster record from which it can open one. The deliverer and `setup check` both ask here, so
 * "reachable" in the setup check means exactly what the deliverer can do.
 */
import type { ConversationReference } from 'botbuilder';
import type { HolderRef, UnreachableReason } from '../../core/delivery/outbox';
import type { Reachability } from '../../core/delivery/reachability';
import { findSchool } from '../../core/people/resolve-school';
import type { PolicyPack, School } from '../../core/policy/schema';
import type { DocumentStore } from '../../ports/document-store';
import { type ConversationDoc, DSL_CHANNEL_REF_ID, type MemberDoc, conversationRefId, memberRefId, userRefId } from './conversation-refs';

export type PersonAddress =
  | { kind: 'chat'; reference: Partial<ConversationReference> }
  /** No chat yet, but the roster says where they are: the bot can open a 1:1. */
  /** Teams may still refuse to open it (then the send is `refused`, and the reporter is told). */
  | { kind: 'member'; member: MemberDoc }
  | { kind: 'none'; reason: Extract<UnreachableReason, 'no-platform-id' | 'no-conversation'> };

export async function personAddress(store: DocumentStore, schoolId: string, teamsUserId: string | undefined): Promise<PersonAddress> {
  if (!teamsUserId) return { kind: 'none', reason: 'no-platform-id' };
  const chat = await store.get<ConversationDoc>('conversations', schoolId, userRefId(teamsUserId));
  if (chat) return { kind: 'chat', reference: chat.reference };
  const member = await store.get<MemberDoc>('conversations', schoolId, memberRefId(teamsUserId));
  if (member?.reference.serviceUrl && member.reference.user?.id) return { kind: 'member', member };
  return { kind: 'none', reason: 'no-conversation' };
}

/**
 * The school's safeguarding channel: the one registered with `register dsl channel`, or the one the
 * pack names (`dslChannel.teams`), posted to through the service URL the bot already knows.
 */
export async function channelAddress(store: DocumentStore, school: School | undefined, schoolId: string): Promise<Partial<ConversationReference> | undefined> {
  const configured = school?.dslChannel.teams;
  const stored =
    (configured && (await store.get<ConversationDoc>('conversations', schoolId, conversationRefId(configured)))) || (await store.get<ConversationDoc>('conversations', schoolId, DSL_CHANNEL_REF_ID));
  if (stored) return stored.reference;
  if (!configured) return undefined;
  // A channel named in the pack but never seen: any reference of the school gives the service URL and tenant.
  const [known] = await store.query<ConversationDoc>('conversations', { schoolId, where: [{ field: 'platform', op: '=', value: 'teams' }], limit: 1 });
  const serviceUrl = known?.reference.serviceUrl;
  if (!serviceUrl) return undefined;
  const tenantId = known.reference.conversation?.tenantId;
  return {
    serviceUrl,
    channelId: 'msteams',
    bot: known.reference.bot,
    conversation: { id: configured, isGroup: true, conversationType: 'channel', name: '', ...(tenantId && { tenantId }) },
  };
}

/** The Teams answer to "can the bot reach them?", for `setup check` and the start-up warnings. */
export class TeamsReachability implements Reachability {
  readonly platform = 'teams' as const;

  constructor(
    private readonly store: DocumentStore,
    private readonly pack: PolicyPack,
  ) {}

  async person(schoolId: string, holder: HolderRef): Promise<{ reachable: true } | { reachable: false; reason: UnreachableReason }> {
    const address = await personAddress(this.store, schoolId, holder.teamsUserId);
    return address.kind === 'none' ? { reachable: false, reason: address.reason } : { reachable: true };
  }

  async channel(schoolId: string): Promise<boolean> {
    return Boolean(await channelAddress(this.store, findSchool(this.pack, schoolId), schoolId));
  }
}
