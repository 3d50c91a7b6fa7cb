/** The incident record: what was reported, under which procedure and pack version, and all that followed. */
import type { Doc } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { ContactKey, FieldId, RoleKey, Subject } from '../policy/schema';
import type { AssignmentPlan } from '../assignments/assignment-plan';
import type { IncidentTask } from '../assignments/incident-task';
import type { CaseShare } from './case-share';
import type { IncidentDecisions, ReferralDetails } from './incident-decisions';

/** The states of an incident, in the order it usually passes through them. */
export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Agencies a DSL may refer to (a subset of the pack's contacts). */
export const REFERRAL_AGENCIES = ['police', 'childrens-social-care', 'ceop', 'iwf', 'lado', 'prevent'] as const satisfies readonly ContactKey[];
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

/** One line of an incident's chronology: when, by whom, what, and any words they gave. */
export interface ChronologyEntry {
  at: string;
  /** Who did it; `system` for the bot's own steps (routing, reminders). */
  by: ActorRef | { platform: 'system'; userId: 'system'; name: string };
  action: string;
  /** Plain words; may hold the note or reason the person typed. */
  detail?: string;
}

/** One referral: to whom, when it was recorded and by whom, with any details recorded since (see `incident-decisions.ts`). */
export interface Referral extends ReferralDetails {
  agency: ReferralAgency;
  at: string;
  by: ActorRef;
  note?: string;
}

/** One line of a seized device's custody log: who took it, from whom or where, to whom it went, when, and who wrote it down. */
export interface DeviceCustodyEntry {
  /** When it happened, as the person gave it (London wall clock, `YYYY-MM-DDTHH:MM`). */
  at: string;
  takenBy: string;
  from: string;
  to: string;
  device: string;
  note?: string;
  recordedBy: ActorRef;
  /** ISO 8601. */
  recordedAt: string;
}

/** The incident record (collection `incidents`): kept as the school's retention rules say, never erased on request; its decision fields are in `IncidentDecisions`. */
export interface Incident extends Doc, IncidentDecisions {
  id: string;
  schoolId: string;
  /** e.g. `ES-2026-0042`: unique per school and year. */
  reference: string;
  procedureId: string;
  procedureTitle: string;
  packVersion: string;
  reporter: ActorRef;
  reportedAt: string;
  details: Partial<Record<FieldId, string>>;
  answers: Record<string, string>;
  immediateRisk: boolean;
  subject: Subject;
  /** Who does what: the plan made when it was reported (see `core/assignments`). */
  routing: AssignmentPlan;
  /** For a concern about a member of staff: the school roles the reporter said they hold. */
  subjectRoles?: RoleKey[] | 'not-sure';
  status: IncidentStatus;
  owner?: { key: string; name: string };
  acknowledgedAt?: string;
  referrals: Referral[];
  noReferralReason?: string;
  outcome?: string;
  closedAt?: string;
  tasks: IncidentTask[];
  chronology: ChronologyEntry[];
  /** Colleagues the case is shared with, live and past (see `case-share.ts`); absent on records made before sharing. */
  shares?: CaseShare[];
  /** The device-custody log of a seized device, oldest first (see `casefile/record-custody.ts`); absent until the first entry. */
  custody?: DeviceCustodyEntry[];
  /** The wizard it came from: one wizard makes at most one incident. */
  wizardId: string;
}

/** Who the chronology and the audit name for the bot's own steps. */
export const SYSTEM_ACTOR = { platform: 'system', userId: 'system', name: 'eSafety bot' } as const;

/** The incident's id is derived from its wizard, so a repeated submission cannot make a second one. */
export function incidentIdFor(wizardId: string): string {
  return `inc-${wizardId}`;
}

/** True until the incident is closed. */
export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'closed';
}
