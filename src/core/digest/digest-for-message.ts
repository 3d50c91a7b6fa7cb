/** The digest a queued weekly-digest message stands for, built when it is sent, for the week it was queued in. */
import type { CoreDeps } from '../deps';
import type { OutboxMessage } from '../delivery/outbox';
import { findSchool } from '../people/resolve-school';
import { type DigestView, describeDigest, describeTrustDigest } from './digest-view';
import { schoolDigest, trustDigest } from './read-digest';

/** Builds the digest a queued weekly-digest message stands for; a role's reader never sees an incident kept from their role. */
export async function digestForMessage(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'digest' | 'createdAt' | 'to'>): Promise<DigestView | undefined> {
  const at = new Date(message.createdAt);
  if (message.digest?.scope === 'trust') return describeTrustDigest(deps.pack.trust.name, await trustDigest(deps, at));
  const school = findSchool(deps.pack, message.schoolId);
  // A concern kept from the head (or whoever it is for) never appears in their digest.
  const readers = message.to.kind === 'role' ? [message.to.role] : [];
  return school ? describeDigest(await schoolDigest(deps, school, at, readers)) : undefined;
}
