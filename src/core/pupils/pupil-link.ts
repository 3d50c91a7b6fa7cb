/**
 * A pupil named in an incident (collection `links`, one document per incident and pupil, in the
 * school's partition). Links are how a child's chronology finds every incident about them with one
 * single-partition query (`pupilId = …`), and how an incident lists its pupils (`incidentId = …`).
 * A link is never deleted while its incident is kept: a correction changes its part or marks it
 * removed, with the reason, and keeps what it was before in `history`.
 */
import type { Doc } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { PupilPart } from '../people/pupil-part';

/** One earlier state of a link, kept when it is corrected. */
export interface PupilLinkChange {
  at: string;
  by: ActorRef;
  /** The part before the change (`removed`: the link was taken off; `added`: it was put back). */
  from: PupilPart | 'removed';
  to: PupilPart | 'removed';
  reason: string;
}

/** One pupil's link to one incident. */
export interface PupilLink extends Doc {
  id: string;
  schoolId: string;
  incidentId: string;
  pupilId: string;
  part: PupilPart;
  linkedAt: string;
  linkedBy: ActorRef;
  /** Set when a correction took the pupil off the incident; the link stays, with the reason in `history`. */
  removedAt?: string;
  history: PupilLinkChange[];
}

/** The link's id: one per incident and pupil, so a retried report cannot link the same child twice. */
export function linkIdFor(incidentId: string, pupilId: string): string {
  return `link:${incidentId}:${pupilId}`;
}
