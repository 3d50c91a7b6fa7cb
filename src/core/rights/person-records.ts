/**
 * Everything the store holds about one person in one school, each record with why it was included.
 * Used by the subject access export (which returns it) and by erasure (which deletes what may go).
 */
import type { CoreDeps } from '../deps';
import type { Doc, Stored } from '../../ports/document-store';
import type { Signature } from '../aup/aup-records';
import type { Person } from '../people/person-record';
import type { AuditEvent } from '../audit/audit-log';
import type { Incident } from '../incidents/incident';
import type { OutboxMessage } from '../delivery/outbox';
import type { WizardState } from '../wizard/wizard-state';
import { chatAddressesOf } from '../people/chat-addresses';
import { type PersonIdentity, matchesChatId, matchesName, mentions } from './find-person';

/** Every record held about one person in one school, by kind. */
export interface PersonRecords {
  register: Person[];
  signatures: Signature[];
  /** Incidents with why each is included: they reported it, acted on it, or are named in it. */
  incidents: Array<{ why: Array<'reported' | 'acted-on' | 'named-in-text'>; record: Incident }>;
  drafts: WizardState[];
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
    if (textsOf(i).some((t) => mentions(who, t))) why.push('named-in-text');
    if (why.length) incidents.push({ why, record: i });
  }
  const drafts = (await deps.store.query<WizardState>('wizards', { schoolId })).filter((w) => isThem(w.reporter)).map(strip);
  const audit = (await deps.store.query<AuditEvent>('audit', { schoolId })).filter((a) => isThem(a.actor)).map(strip);
  const conversations = (await chatAddressesOf(deps.store, schoolId, userIds)).map(strip);
  const messages = (await deps.store.query<OutboxMessage>('outbox', { schoolId }))
    .filter((m) => (m.to.kind === 'person' && isThem(m.to.person)) || (m.aup !== undefined && who.personIds.has(m.aup.personId)))
    .map(strip);
  return { register, signatures, incidents, drafts, audit, conversations, messages };
}

/** How many records of each kind. */
export function countRecords(r: PersonRecords): Record<keyof PersonRecords, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (v as unknown[]).length])) as Record<keyof PersonRecords, number>;
}
