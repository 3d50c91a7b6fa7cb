/**
 * The register of people a school knows: a `Person` per member of staff, governor, visitor or parent
 * (met on Teams or Slack, added by the online-safety lead, or imported from a CSV). The AUP reminds
 * them; retention and data-rights requests find and delete them.
 */
import type { Doc } from '../../ports/document-store';
import type { Audience } from '../policy/aup-policy';

/** One register entry (collection `people`, id from `personIdFor`). */
export interface Person extends Doc {
  id: string;
  schoolId: string;
  name: string;
  audience: Audience;
  /** Someone who has left is kept (with their signatures) but never reminded. */
  status: 'active' | 'left';
  platform?: 'teams' | 'slack';
  userId?: string;
  email?: string;
  /** When the school first knew of them: their appointment, for the first signature. */
  firstSeenAt: string;
  leftAt?: string;
  source: 'teams' | 'slack' | 'lead' | 'import';
  /** When they were last reminded (for the weekly cap); newest last, at most a few kept. */
  reminded?: string[];
}

/** A person's register id: their chat identity when known, else their email. */
export function personIdFor(input: { platform?: 'teams' | 'slack'; userId?: string; email?: string; name: string }): string {
  if (input.platform && input.userId) return `${input.platform}:${input.userId}`;
  if (input.email) return `email:${input.email.trim().toLowerCase()}`;
  return `name:${input.name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`;
}
