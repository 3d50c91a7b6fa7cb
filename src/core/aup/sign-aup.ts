/**
 * `signAup`: records "I have read and agree" for the current version of the person's AUP, with a hash
 * of the exact text signed. Signatures are append-only evidence: pressing again while in date records
 * nothing new; each yearly or amended signing is a new record. `readAupStatus` is what `/aup` shows a person about themselves.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError } from '../errors';
import { type Actor, actorRef } from '../people/actor';
import { resolveSchool } from '../people/resolve-school';
import { type AupDocument, type AupVersion, currentVersion, documentFor } from '../policy/aup-policy';
import { type Signature, signatureId } from './aup-records';
import type { Person } from '../people/person-record';
import { type Due, dueFor, isUpToDate } from './due-date';
import { notePerson } from './register-people';
import { localTime } from '../calendar/school-calendar';

/** SHA-256 of the exact text (or, without text, the link) of a version: what a signature says was agreed to. */
export function textHash(version: AupVersion): string {
  return createHash('sha256')
    .update(version.text ?? version.url ?? '')
    .digest('hex');
}

/** A person's standing with their audience's agreement: the document, the version in force, when it is due and whether they are up to date. */
export interface AupStatus {
  person: Person;
  document: AupDocument;
  version: AupVersion;
  due: Due;
  upToDate: boolean;
}

async function statusOf(deps: CoreDeps, person: Person): Promise<AupStatus | undefined> {
  const document = documentFor(deps.pack.aup, person.audience);
  if (!document) return undefined;
  const school = resolveSchoolById(deps, person.schoolId);
  const signatures = await deps.store.query<Signature>('signatures', { schoolId: person.schoolId, where: [{ field: 'personId', op: '=', value: person.id }] });
  const today = localTime(deps.clock.now(), school?.timeZone).date;
  const due = dueFor(person, document, signatures, deps.pack.aup, today, school?.timeZone);
  const version = currentVersion(document, today);
  return { person, document, version, due, upToDate: isUpToDate(due, today) && due.lastSigned?.version === version.version };
}

function resolveSchoolById(deps: CoreDeps, schoolId: string) {
  return deps.pack.schools.find((s) => s.id === schoolId);
}

async function personFor(deps: CoreDeps, actor: Actor): Promise<Person> {
  const school = resolveSchool(deps.pack, actor);
  return notePerson(deps, { schoolId: school.id, platform: actor.platform as 'teams' | 'slack', userId: actor.userId, name: actor.name });
}

/** A person's status for a reminder the bot sends (not a read by a person, so not audited). */
export async function aupStatusFor(deps: CoreDeps, schoolId: string, personId: string): Promise<AupStatus | undefined> {
  const person = await deps.store.get<Person>('people', schoolId, personId);
  return person ? statusOf(deps, person) : undefined;
}

/** The actor's own AUP status (the read is audited). Undefined when the pack has no AUP for their audience. */
export async function readAupStatus(deps: CoreDeps, actor: Actor): Promise<AupStatus | undefined> {
  const person = await personFor(deps, actor);
  await recordAudit(deps, { schoolId: person.schoolId, actor: actorRef(actor), action: 'aup.read-own', outcome: 'ok' });
  return statusOf(deps, person);
}

/** Records the actor's signature of the version in force, if it is the one they were shown; refused in plain words otherwise. Pressing twice signs once. */
export async function signAup(deps: CoreDeps, actor: Actor, input: { documentId: string; version: string }): Promise<AupStatus> {
  const person = await personFor(deps, actor);
  const status = await statusOf(deps, person);
  if (!status) throw new DomainError('no-aup', 'Your school has no acceptable use agreement for you to sign here.');
  if (input.documentId !== status.document.id || input.version !== status.version.version) {
    // An old reminder or card: nothing is signed, and the person is shown the current version instead.
    throw new DomainError('aup-outdated', `That was an older version. The current one is ${status.version.version}: type "aup" to read and sign it.`);
  }
  // Already signed and in date: nothing new to record (a second press, or an old reminder).
  if (status.upToDate) return status;
  const signature: Signature = {
    id: signatureId(person.id, status.document.id, status.version.version, status.due.date),
    schoolId: person.schoolId,
    personId: person.id,
    personName: person.name,
    documentId: status.document.id,
    audience: person.audience,
    version: status.version.version,
    textHash: textHash(status.version),
    signedAt: deps.clock.now().toISOString(),
    channel: actor.platform as 'teams' | 'slack',
    platformUserId: actor.userId,
  };
  try {
    await deps.store.create<Signature>('signatures', signature);
    await recordAudit(deps, { schoolId: person.schoolId, actor: actorRef(actor), action: 'aup.sign', outcome: 'ok', detail: `${status.document.id}@${status.version.version}` });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return (await statusOf(deps, person)) as AupStatus;
}
