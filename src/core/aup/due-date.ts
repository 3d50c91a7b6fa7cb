/**
 * When a person must next sign: on appointment (the day they were first seen), `resignMonths` after
 * their last signature, or at the end of the grace period of a material amendment published after the
 * version they signed — whichever comes first. Dates are the school's local dates.
 */
import { type AupDocument, type AupPolicy, currentVersion } from '../policy/aup-policy';
import type { Signature } from './aup-records';
import type { Person } from '../people/person-record';
import { addMonths } from '../calendar/months';
import { addDays, localTime } from '../calendar/school-calendar';

/** Why a signature is due: never signed (appointment), the yearly re-signing, or a material amendment. */
export type DueReason = 'appointment' | 'annual' | 'amendment';

/** When a person must next sign, why, and which version. */
export interface Due {
  /** YYYY-MM-DD: the last day it is in time. */
  date: string;
  reason: DueReason;
  /** The version to sign now. */
  version: string;
  lastSigned?: Signature;
}

/** The most recent of a person's signatures, if any. */
export function latestSignature(signatures: Signature[]): Signature | undefined {
  return signatures.reduce<Signature | undefined>((latest, s) => (!latest || s.signedAt > latest.signedAt ? s : latest), undefined);
}

/** When `person` must next sign `doc`, on the school's local `today`: the earliest of appointment, yearly re-signing and a material amendment's grace period. Pure. */
export function dueFor(person: Pick<Person, 'firstSeenAt'>, doc: AupDocument, signatures: Signature[], policy: Pick<AupPolicy, 'resignMonths'>, today: string, timeZone?: string): Due {
  const version = currentVersion(doc, today).version;
  const last = latestSignature(signatures.filter((s) => s.documentId === doc.id));
  if (!last) return { date: localTime(new Date(person.firstSeenAt), timeZone).date, reason: 'appointment', version };
  const signedOn = localTime(new Date(last.signedAt), timeZone).date;
  let due: Due = { date: addMonths(signedOn, policy.resignMonths), reason: 'annual', version, lastSigned: last };
  const signedIndex = doc.versions.findIndex((v) => v.version === last.version);
  for (const later of doc.versions.slice(signedIndex + 1)) {
    if (!later.material || later.published > today) continue;
    const date = addDays(later.published, later.graceDays);
    if (date < due.date) due = { date, reason: 'amendment', version, lastSigned: last };
  }
  return due;
}

/** True when `today` (YYYY-MM-DD) is on or before the due date and the current version has been signed, or the due date is still ahead. */
export function isUpToDate(due: Due, today: string): boolean {
  return due.reason !== 'appointment' && today <= due.date;
}
