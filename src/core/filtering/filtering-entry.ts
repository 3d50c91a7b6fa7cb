/**
 * The filtering change log and unblock requests (collection `filtering`, one school's partition). Every
 * change to the school's web filter is one entry: an unblock, a re-block, a new block, a category change
 * or a breach report (written with the report itself: `incidents/breach-log-entry.ts`). An unblock request is the same document while it waits: `status` says where it
 * stands. Addresses and reasons live only here; audit events carry the entry's id.
 */
import type { Doc } from '../../ports/document-store';
import type { BreachLogEntry } from '../incidents/breach-log-entry';
import type { ActorRef } from '../people/actor';

/** The kinds of change the log records. */
export const FILTERING_KINDS = ['unblock', 're-block', 'block', 'category-change', 'breach'] as const;
/** One kind of change to the filter. */
export type FilteringKind = (typeof FILTERING_KINDS)[number];

/**
 * Where an unblock stands: `requested` (waiting for an approver), `refused` (by an approver, or at once
 * for a category the school never allows), `unblocked` (approved, until `until`), `re-blocked` (the
 * technician pressed "Blocked again"). Other kinds are `recorded` from the start.
 */
export type FilteringStatus = 'requested' | 'refused' | 'unblocked' | 're-blocked' | 'recorded';

/** One entry of the change log (and, for an unblock, the request it began as). */
export interface FilteringEntry extends Doc {
  id: string;
  schoolId: string;
  /** Short reference people can type or read (`FL-3F9A2C`). */
  ref: string;
  kind: FilteringKind;
  status: FilteringStatus;
  /** The web address (normalised) or the category the change is about. */
  what: string;
  /** Why, in the words of the person asking. */
  why: string;
  askedBy: ActorRef;
  askedAt: string;
  /** Who approved (or refused) it, and when. */
  decidedBy?: ActorRef;
  decidedAt?: string;
  /** Why the approver refused, or the forbidden category that refused it at once. */
  refusal?: string;
  /** The forbidden category key, when the pack's list refused it. */
  forbiddenCategory?: string;
  /** ISO: when an unblock ends (the technician blocks it again from then). */
  until?: string;
  /** How the end was given, in words ("for the lesson (until 10:30)"). */
  untilWords?: string;
  /** Who blocked it again, and when. */
  reBlockedBy?: ActorRef;
  reBlockedAt?: string;
  /** The incident (a filtering breach) this change closes, by its id. */
  incidentId?: string;
}

/** The id and short reference of an entry: made in `incidents` (a breach report writes one), the same for every kind. */
export { filteringEntryId, filteringRef } from '../incidents/breach-log-entry';

/** A breach report's entry (written by `incidents`, a lower layer) is one of the log's entries: this fails to compile if the two drift apart. */
export function breachAsFilteringEntry(entry: BreachLogEntry): FilteringEntry {
  return entry;
}
