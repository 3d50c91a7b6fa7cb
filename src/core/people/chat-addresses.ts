/**
 * Where the bot can reach a person in chat: the stored conversation references a platform adapter
 * keeps for them. Adapters key a person's 1:1 reference by their user id (`…:<userId>`) and keep the
 * user in `reference.user`; this is the one place core relies on that.
 */
import type { Doc, DocumentStore, Stored } from '../../ports/document-store';

type ConversationDoc = Doc & { reference?: { user?: { id?: string } } };

/** Every stored chat address of any of `userIds` in the school. */
export async function chatAddressesOf(store: DocumentStore, schoolId: string, userIds: string[]): Promise<Array<Stored<ConversationDoc>>> {
  if (!userIds.length) return [];
  const all = await store.query<ConversationDoc>('conversations', { schoolId });
  return all.filter((c) => userIds.some((u) => c.id.endsWith(`:${u}`) || c.reference?.user?.id === u));
}
