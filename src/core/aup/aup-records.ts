/**
 * The AUP register and its evidence: a `Person` per member of staff, governor, visitor or parent the
 * school knows (from Teams, Slack, the lead's commands or a CSV import), and an append-only `Signature`
 * per person, document and version, holding a hash of the exact text signed.
 */
import type { Doc } from '../../ports/document-store';
import type { Audience } from './aup-policy';

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

export interface Signature extends Doc {
  id: string;
  schoolId: string;
  personId: string;
  personName: string;
  documentId: string;
  audience: Audience;
  version: string;
  /** SHA-256 of the text (or link) of the version signed. */
  textHash: string;
  signedAt: string;
  channel: 'teams' | 'slack';
  platformUserId: string;
}

/** A person's register id: their chat identity when known, else their email. */
export function personIdFor(input: { platform?: 'teams' | 'slack'; userId?: string; email?: string; name: string }): string {
  if (input.platform && input.userId) return `${input.platform}:${input.userId}`;
  if (input.email) return `email:${input.email.trim().toLowerCase()}`;
  return `name:${input.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * One signature per person, document, version and due date: a double press signs once, and the yearly
 * re-signing of an unchanged version is a new signature of its own.
 */
export function signatureId(personId: string, documentId: string, version: string, dueDate: string): string {
  return `${personId}:${documentId}:${version}:${dueDate}`;
}
