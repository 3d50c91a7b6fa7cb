/** The audit trail: one append-only event for every change and every read of a full record. */
import type { DocumentStore, WriteOptions } from '../../ports/document-store';
import type { Clock } from '../../ports/clock';
import type { IdSource } from '../../ports/ids';
import type { ActorRef } from '../people/actor';

/** One audit event as a use case gives it: who, what, the outcome and the ids involved. Never an incident's text. */
export interface AuditInput {
  schoolId: string;
  actor: ActorRef | { platform: 'system'; userId: 'system'; name: string };
  /** e.g. `incident.reported`, `incident.read-full-record`, `incident.acknowledge`. */
  action: string;
  outcome: 'ok' | 'refused';
  incidentId?: string;
  /** Codes and ids only: never the incident's text. */
  detail?: string;
}

/** An audit event as stored: the input with its id and time. */
export interface AuditEvent extends AuditInput {
  id: string;
  at: string;
  [key: string]: unknown;
}

/** What writing to the audit trail needs (a subset of `CoreDeps`). */
export interface AuditDeps {
  store: DocumentStore;
  clock: Clock;
  ids: IdSource;
}

/** Appends one event to the audit trail. Events are never changed or deleted here (only retention removes old ones). */
export async function recordAudit(deps: AuditDeps, event: AuditInput, options?: WriteOptions): Promise<void> {
  const doc: AuditEvent = { ...event, id: deps.ids.next(), at: deps.clock.now().toISOString() };
  await deps.store.create('audit', doc, options);
}
