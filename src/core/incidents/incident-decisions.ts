/**
 * What was decided and done about an incident, as fields rather than prose: parents or carers told (or
 * the decision not to tell them), the sanction applied from the school's table, the details of each
 * referral, contact with the LADO, and the incident reopened or moved to another procedure. Each is a
 * list on the incident: every entry is kept, and for parents the latest entry is the one that stands.
 * The use case that records them is `core/casefile/record-decision.ts`.
 */
import type { ActorRef } from '../people/actor';

/** How parents or carers were told. */
export const PARENT_CONTACT_METHODS = ['phone', 'in-person', 'letter', 'email', 'other'] as const;
export type ParentContactMethod = (typeof PARENT_CONTACT_METHODS)[number];

/** Who recorded an entry and when (the moment it was saved; ISO 8601). */
export interface DecisionStamp {
  /** Unique within the incident's list, e.g. `parents-3`. */
  id: string;
  recordedAt: string;
  recordedBy: ActorRef;
}

/** Parents or carers were told: on which day, by whom, and how. */
export interface ParentsInformed extends DecisionStamp {
  kind: 'informed';
  /** The day they were told (YYYY-MM-DD, in the school's time zone). */
  on: string;
  /** The name of the person who told them (often, not always, the person recording it). */
  toldBy: string;
  method: ParentContactMethod;
  /** Anything else the DSL wants kept (what was said, who was spoken to). */
  note?: string;
}

/** The decision not to tell parents or carers, with the reason (for example, telling them could put the child at risk). */
export interface ParentsNotTold extends DecisionStamp {
  kind: 'not-told';
  reason: string;
}

/** One entry about parents or carers; the latest entry is what stands. */
export type ParentsDecision = ParentsInformed | ParentsNotTold;

/** Who a sanction applies to: follows the incident's subject (a member of staff, or else a pupil). */
export type SanctionAppliesTo = 'pupil' | 'staff';

/** Pupil sanction categories in the school's table, least to most serious. */
export const PUPIL_SANCTION_CATEGORIES = ['A', 'B', 'C', 'D'] as const;
/** Staff sanction categories in the school's table, least to most serious. */
export const STAFF_SANCTION_CATEGORIES = ['A', 'B'] as const;
export type SanctionCategory = (typeof PUPIL_SANCTION_CATEGORIES)[number];

/** A sanction applied, from the school's sanctions table. */
export interface SanctionApplied extends DecisionStamp {
  appliesTo: SanctionAppliesTo;
  category: SanctionCategory;
  /** The category's title in the school's wording when it was applied (the wording may change later). */
  categoryTitle: string;
  /** What was done: actions from the category's list in the school's wording, as chosen. */
  actions: string[];
  /** Anything else that was done, in the DSL's words. */
  other?: string;
  /** The day it was applied (YYYY-MM-DD). */
  on: string;
}

/** The fields a referral gains once the DSL records its details (each optional; set together or one by one). */
export interface ReferralDetails {
  /** The day the referral was made (YYYY-MM-DD), when it differs from when it was recorded. */
  referredOn?: string;
  /** The agency's reference number. */
  referenceNumber?: string;
  advice?: string;
  outcome?: string;
  /** The day to follow it up (YYYY-MM-DD); a task for the lead, due that day, is on the incident. */
  followUpOn?: string;
  /** The follow-up task's id on the incident. */
  followUpTaskId?: string;
  /** When and by whom the details were last changed. */
  detailsAt?: string;
  detailsBy?: ActorRef;
}

/** Contact with the Local Authority Designated Officer about an allegation against an adult. */
export interface LadoContact extends DecisionStamp {
  /** The day of the contact (YYYY-MM-DD). */
  on: string;
  officer: string;
  advice: string;
  referenceNumber?: string;
}

/** A closed incident opened again, with the reason; the outcome it had is kept here. */
export interface Reopening extends DecisionStamp {
  reason: string;
  previousOutcome?: string;
  previousClosedAt?: string;
}

/** The incident moved to another of the pack's procedures, with the reason; its routing was not planned again. */
export interface TypeChange extends DecisionStamp {
  reason: string;
  from: { procedureId: string; procedureTitle: string };
  to: { procedureId: string; procedureTitle: string };
}

/** The decision fields an incident may carry (all optional: records made before them have none). */
export interface IncidentDecisions {
  /** Parents or carers: every entry kept, the latest stands. */
  parents?: ParentsDecision[];
  sanctions?: SanctionApplied[];
  ladoContacts?: LadoContact[];
  reopenings?: Reopening[];
  typeChanges?: TypeChange[];
}

/** The entry about parents that stands now (the latest), if any. */
export function currentParentsDecision(decisions: IncidentDecisions): ParentsDecision | undefined {
  const list = decisions.parents ?? [];
  return list[list.length - 1];
}

/** Who a sanction on this incident applies to: staff for a concern about an adult at the school, otherwise a pupil. */
export function sanctionAppliesTo(subject: string): SanctionAppliesTo {
  return subject === 'staff' || subject === 'head' || subject === 'dsl' ? 'staff' : 'pupil';
}
