/**
 * The filtering log's entry for a filtering-breach report: a report under a procedure whose pack says
 * `filteringLog: { kind: breach, what: <field> }` is itself one entry of the web filter's change log
 * (collection `filtering`), written by `reportIncident` with the rest of the report.
 *
 * Why it lives here: `incidents` is a lower core layer than `filtering` (ARCHITECTURE.md, `CORE_LAYERS`),
 * so the report cannot import the filtering log. Which procedures make an entry is data (the procedure's
 * `filteringLog` property in the pack's schema), and the entry a report writes is this small shape; the
 * filtering log's own `FilteringEntry` type checks, at compile time, that this shape is one of its entries
 * (`breachAsFilteringEntry` in `filtering/filtering-entry.ts`). The entry id and its short reference are
 * worked out here and re-exported by the filtering log, so both layers make ids the same way.
 *
 * The log is read by the technician and the governor: the entry holds the site and a fixed sentence
 * naming the incident's reference, never the description or anyone's name but the reporter's.
 */
import { createHash } from 'node:crypto';
import type { Doc } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { Procedure } from '../policy/schema';
import type { Incident } from './incident';

/** A deterministic id for a filtering log entry from the words that make it unique (a retry makes nothing twice). */
export function filteringEntryId(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}

/** The short reference shown to people for a filtering log entry id. */
export function filteringRef(id: string): string {
  return `FL-${id.slice(0, 6).toUpperCase()}`;
}

/** The most characters of the reported address the entry keeps. */
export const MAX_BREACH_WHAT = 200;

/** The filtering log entry a breach report makes: kind `breach`, recorded, linked to its incident. */
export interface BreachLogEntry extends Doc {
  id: string;
  schoolId: string;
  ref: string;
  kind: 'breach';
  status: 'recorded';
  what: string;
  why: string;
  askedBy: ActorRef;
  askedAt: string;
  incidentId: string;
}

/** The id of the entry for one incident: fixed, so a retried report writes it once. */
export function breachLogEntryId(incidentId: string): string {
  return filteringEntryId(['breach', incidentId]);
}

/** The entry a report under `procedure` makes in the filtering log, or undefined when its procedure keeps none. */
export function breachLogEntryFor(incident: Incident, procedure: Pick<Procedure, 'filteringLog'> | undefined): BreachLogEntry | undefined {
  const log = procedure?.filteringLog;
  if (log?.kind !== 'breach') return undefined;
  const given = log.what ? (incident.details[log.what] ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_BREACH_WHAT) : '';
  const id = breachLogEntryId(incident.id);
  return {
    id,
    schoolId: incident.schoolId,
    ref: filteringRef(id),
    kind: 'breach',
    status: 'recorded',
    what: given || 'reported breach',
    why: `Filtering breach reported as ${incident.reference}`,
    askedBy: incident.reporter,
    askedAt: incident.reportedAt,
    incidentId: incident.id,
  };
}
