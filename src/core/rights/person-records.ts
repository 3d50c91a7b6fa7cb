/**
 * Everything the store holds about one person in one school, each record with why it was included.
 * Used by the subject access export (which returns it) and by erasure (which deletes what may go).
 */
import type { CoreDeps } from '../deps';
import type { Doc, Stored } from '../../ports/document-store';
import type { Signature } from '../aup/aup-records';
import type { Person } from '../people/person-record';
import type { AuditEvent } from '../audit/audit-log';
import type { SharePerson } from '../incidents/case-share';
import type { Incident } from '../incidents/incident';
import type { OutboxMessage } from '../delivery/outbox';
import type { WizardState } from '../wizard/wizard-state';
import type { EvidenceRecord } from '../casefile/evidence-record';
import type { Transfer } from '../casefile/transfer-record';
import type { FilteringEntry } from '../filtering/filtering-entry';
import type { FilteringReview } from '../filtering/filtering-review';
import type { AlertRecord } from '../monitoring/alert-record';
import { chatAddressesOf } from '../people/chat-addresses';
import { type PersonIdentity, matchesChatId, matchesName, mentions } from './find-person';

/** Every record held about one person in one school, by kind. */
export interface PersonRecords {
  register: Person[];
  signatures: Signature[];
  /** Incidents with why each is included: they reported it, acted on it, it was shared with them, or they are named in it. */
  incidents: Array<{ why: Array<'reported' | 'acted-on' | 'shared-with' | 'named-in-text'>; record: Incident }>;
  drafts: WizardState[];
  /** Evidence records they added to a case (the record: name, type, size, SHA-256; not the file). */
  evidence: EvidenceRecord[];
  /** Filtering log entries they asked for, decided, or blocked again. */
  filtering: FilteringEntry[];
  /** Filtering and monitoring reviews they recorded. */
  reviews: FilteringReview[];
  /** Child's-file transfers they made or whose receipt they recorded, without the child's file itself (that is the child's record). */
  transfers: Array<Omit<Transfer, 'file'>>;
  /** Monitoring alerts they triaged (the alert's metadata and their decision). */
  alerts: AlertRecord[];
  audit: AuditEvent[];
  conversations: Doc[];
  messages: OutboxMessage[];
}

function strip<T extends Doc>(doc: Stored<T>): T {
  const { _etag, ...rest } = doc;
  return rest as unknown as T;
}

function textsOf(i: Incident): string[] {
  return [...Object.values(i.details), ...Object.values(i.answers), ...i.chronology.map((c) => c.detail), ...i.referrals.map((r) => r.note), i.noReferralReason, i.outcome].filter(
    (t): t is string => typeof t === 'string',
  );
}

function isSharedWith(who: PersonIdentity, person: SharePerson): boolean {
  return (
    (!!person.teamsUserId && matchesChatId(who, 'teams', person.teamsUserId)) ||
    (!!person.slackUserId && matchesChatId(who, 'slack', person.slackUserId)) ||
    (!!person.email && who.emails.has(person.email.trim().toLowerCase())) ||
    matchesName(who, person.name)
  );
}

/** Reads every record the store holds about the person at the school (a full read of each collection: for operators, not for chat). */
export async function collectPersonRecords(deps: CoreDeps, schoolId: string, who: PersonIdentity): Promise<PersonRecords> {
  const isThem = (ref: { platform: string; userId: string; name?: string } | undefined) =>
    !!ref && (matchesChatId(who, ref.platform, ref.userId) || (ref.platform !== 'system' && matchesName(who, ref.name)));
  const userIds = [...who.chatIds].map((c) => c.slice(c.indexOf(':') + 1));

  const register = (await deps.store.query<Person>('people', { schoolId })).filter((p) => who.personIds.has(p.id)).map(strip);
  const signatures = (await deps.store.query<Signature>('signatures', { schoolId })).filter((s) => who.personIds.has(s.personId)).map(strip);
  const incidents: PersonRecords['incidents'] = [];
  for (const stored of await deps.store.query<Incident>('incidents', { schoolId })) {
    const i = strip(stored);
    const why: PersonRecords['incidents'][number]['why'] = [];
    if (isThem(i.reporter)) why.push('reported');
    if (
      i.chronology.some((c) => c.action !== 'reported' && isThem(c.by as { platform: string; userId: string; name: string })) ||
      i.referrals.some((r) => isThem(r.by)) ||
      matchesName(who, i.owner?.name)
    )
      why.push('acted-on');
    if ((i.shares ?? []).some((share) => isSharedWith(who, share.person))) why.push('shared-with');
    if (textsOf(i).some((t) => mentions(who, t))) why.push('named-in-text');
    if (why.length) incidents.push({ why, record: i });
  }
  const drafts = (await deps.store.query<WizardState>('wizards', { schoolId })).filter((w) => isThem(w.reporter)).map(strip);
  const audit = (await deps.store.query<AuditEvent>('audit', { schoolId })).filter((a) => isThem(a.actor)).map(strip);
  const conversations = (await chatAddressesOf(deps.store, schoolId, userIds)).map(strip);
  const messages = (await deps.store.query<OutboxMessage>('outbox', { schoolId }))
    .filter((m) => (m.to.kind === 'person' && isThem(m.to.person)) || (m.aup !== undefined && who.personIds.has(m.aup.personId)))
    .map(strip);
  const evidence = (await deps.store.query<EvidenceRecord>('evidence', { schoolId })).filter((e) => isThem(e.addedBy)).map(strip);
  const filtering = (await deps.store.query<FilteringEntry>('filtering', { schoolId })).filter((f) => isThem(f.askedBy) || isThem(f.decidedBy) || isThem(f.reBlockedBy)).map(strip);
  const reviews = (await deps.store.query<FilteringReview>('reviews', { schoolId })).filter((r) => isThem(r.recordedBy)).map(strip);
  const transfers = (await deps.store.query<Transfer>('transfers', { schoolId }))
    .filter((t) => isThem(t.by) || isThem(t.receipt?.by))
    .map((t) => {
      const { file: _childFile, ...rest } = strip(t);
      return rest;
    });
  const alerts = (await deps.store.query<AlertRecord>('alerts', { schoolId })).filter((a) => matchesName(who, a.triage?.by)).map(strip);
  return { register, signatures, incidents, drafts, audit, conversations, messages, evidence, filtering, reviews, transfers, alerts };
}

/** How many records of each kind. */
export function countRecords(r: PersonRecords): Record<keyof PersonRecords, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v as unknown[]).length])) as Record<keyof PersonRecords, number>;
}
