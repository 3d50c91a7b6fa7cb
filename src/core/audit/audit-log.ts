/** The audit trail: one append-only event for every change and every read of a full record. */
import type { DocumentStore, WriteOptions } from '../../ports/document-store';
import type { Clock } from '../../ports/clock';
import type { IdSource } from '../../ports/ids';
import type { ActorRef } from '../people/actor';

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

export interface AuditEvent extends AuditInput {
  id: string;
  at: string;
  [key: string]: unknown;
}

export interface AuditDeps {
  store: DocumentStore;
  clock: Clock;
  ids: IdSource;
}

export async function recordAudit(deps: AuditDeps, event: AuditInput, options?: WriteOptions): Promise<void> {
  const doc: AuditEvent = { ...event, id: deps.ids.next(), at: deps.clock.now().toISOString() };
  await deps.store.create('audit', doc, options);
}
