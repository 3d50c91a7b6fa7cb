/**
 * The AUP's evidence: an append-only `Signature` per person, document and version, holding a hash of
 * the exact text signed. The people who sign are the register's (`core/people/person-record.ts`).
 */
import type { Doc } from '../../ports/document-store';
import type { Audience } from '../policy/aup-policy';

/** One signature (collection `signatures`, id from `signatureId`): never changed once written. */
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

/**
 * One signature per person, document, version and due date: a double press signs once, and the yearly
 * re-signing of an unchanged version is a new signature of its own.
 */
export function signatureId(personId: string, documentId: string, version: string, dueDate: string): string {
  return `${personId}:${documentId}:${version}:${dueDate}`;
}
