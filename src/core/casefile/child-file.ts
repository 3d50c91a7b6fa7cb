/**
 * A child's file: who the child is, every incident that names them with their part in it, and every
 * entry about them (incidents, notes, decisions, referrals, tasks, evidence, sharing, transfers) in time
 * order across incident types. Built for one permitted reader (see `open-child-file.ts`); the same view
 * feeds the `pupil` card, the Slack modal and the transfer PDF and JSON.
 */
import type { PupilPart } from '../people/pupil-part';

/** What kind of entry a line of the child's file is. */
export type ChildFileEntryKind = 'incident' | 'note' | 'decision' | 'referral' | 'task' | 'evidence' | 'sharing' | 'transfer' | 'link' | 'other';

/** One line of the child's file, in time order. */
export interface ChildFileEntry {
  /** ISO 8601. */
  at: string;
  kind: ChildFileEntryKind;
  /** The incident it belongs to (every entry but a transfer belongs to one). */
  incidentId?: string;
  reference?: string;
  /** One line: what happened ("Parents informed by phone", "Referred to Children's Social Care"). */
  heading: string;
  /** The words the person gave, when there were any. */
  detail?: string;
  /** Who did it (a name; "eSafety bot" for the bot's own steps). */
  by: string;
}

/** One incident that names the child. */
export interface ChildFileIncident {
  incidentId: string;
  reference: string;
  procedureId: string;
  procedureTitle: string;
  part: PupilPart;
  status: string;
  reportedAt: string;
}

/** The child's file, for one permitted reader. */
export interface ChildFile {
  schoolId: string;
  schoolName: string;
  pupil: {
    id: string;
    name: string;
    yearGroup: string;
    registrationGroup?: string;
    upn?: string;
    dateOfBirth?: string;
    left: boolean;
  };
  incidents: ChildFileIncident[];
  entries: ChildFileEntry[];
  /** When it was put together (ISO 8601), and for whom. */
  madeAt: string;
  madeFor: string;
}
