/** The incident record: what was reported, under which procedure and pack version, and all that followed. */
import type { Doc } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { ContactKey, FieldId, RoleKey, Subject } from '../policy/schema';
import type { Routing } from '../routing/route-incident';

export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Agencies a DSL may refer to (a subset of the pack's contacts). */
export const REFERRAL_AGENCIES = ['police', 'childrens-social-care', 'ceop', 'iwf', 'lado', 'prevent'] as const satisfies readonly ContactKey[];
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

export interface ChronologyEntry {
  at: string;
  /** Who did it; `system` for the bot's own steps (routing, reminders). */
  by: ActorRef | { platform: 'system'; userId: 'system'; name: string };
  action: string;
  /** Plain words; may hold the note or reason the person typed. */
  detail?: string;
}

/** A follow-up step from the procedure, owned by a role and due by a time. */
export interface IncidentTask {
  id: string;
  text: string;
  ownerRole: RoleKey | 'reporter';
  due: string;
  done: boolean;
}

export interface Incident extends Doc {
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
  routing: Routing;
  status: IncidentStatus;
  owner?: { key: string; name: string };
  acknowledgedAt?: string;
  referrals: Array<{ agency: ReferralAgency; at: string; by: ActorRef; note?: string }>;
  noReferralReason?: string;
  outcome?: string;
  closedAt?: string;
  tasks: IncidentTask[];
  chronology: ChronologyEntry[];
  /** The wizard it came from: one wizard makes at most one incident. */
  wizardId: string;
}

export const SYSTEM_ACTOR = { platform: 'system', userId: 'system', name: 'eSafety bot' } as const;

/** The incident's id is derived from its wizard, so a repeated submission cannot make a second one. */
export function incidentIdFor(wizardId: string): string {
  return `inc-${wizardId}`;
}

export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'closed';
}
