/**
 * The bookkeeping every platform's sender keeps in the `sent` collection: a mark per (message,
 * recipient) once it is sent, so a retried message is not sent to the same place twice; and, per
 * escalation, where each copy was posted, so every copy can be updated in place later.
 */
import { ConflictError, type Doc, type DocumentStore, PreconditionFailedError } from '../../ports/document-store';

/** True when a send with this mark id has already been done (by this instance or another). */
export async function wasDelivered(store: DocumentStore, schoolId: string, id: string): Promise<boolean> {
  return Boolean(await store.get('sent', schoolId, id));
}

/** Marks a send done; a mark already there (another instance got there first) is fine. */
export async function markDelivered(store: DocumentStore, schoolId: string, id: string, fields: Record<string, unknown> = {}): Promise<void> {
  await store.create('sent', { ...fields, id, schoolId }).catch((error) => {
    if (!(error instanceof ConflictError)) throw error;
  });
}

interface Posts<P> extends Doc {
  posts: P[];
}

/** Records (or replaces, by `key`) where one copy of a message was posted; safe against concurrent writers. */
export async function recordPost<P extends { key: string }>(store: DocumentStore, schoolId: string, id: string, post: P): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await store.get<Posts<P>>('sent', schoolId, id);
    try {
      if (!current) await store.create<Posts<P>>('sent', { id, schoolId, posts: [post] });
      else {
        const { _etag, ...doc } = current;
        await store.replace<Posts<P>>('sent', { ...doc, posts: [...doc.posts.filter((p) => p.key !== post.key), post] }, _etag);
      }
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) && !(error instanceof PreconditionFailedError)) throw error;
    }
  }
}

/** Every place a copy of a message was posted, as `recordPost` kept them; undefined when none was recorded. */
export async function readPosts<P>(store: DocumentStore, schoolId: string, id: string): Promise<P[] | undefined> {
  return (await store.get<Posts<P>>('sent', schoolId, id))?.posts;
}
