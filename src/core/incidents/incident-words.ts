/**
 * The words every platform uses about an incident: the action forms' labels, the privacy lines and the
 * fallbacks for role and agency names. Teams cards and Slack messages both take them from here.
 */
import type { ReferralAgency } from './incident';

/** The labels, errors and buttons of the escalation action forms. */
export const ACTION_FORM_WORDS = {
  assigneeLabel: 'Who should own this?',
  assigneeError: 'Choose someone from the list.',
  noteLabel: 'Note for the record',
  noteError: 'Please write the note.',
  noteButton: 'Save note',
  agencyLabel: 'Referred to',
  agencyError: 'Choose who it was referred to.',
  referralNoteLabel: 'Note (optional): their reference number, who you spoke to',
  referButton: 'Record referral',
  reasonLabel: 'Why are you deciding not to refer?',
  reasonError: 'Please write the reason.',
  reasonButton: 'Record decision',
  outcomeLabel: 'Outcome: what was done and why it can close',
  outcomeError: 'Please write the outcome.',
  outcomeButton: 'Close incident',
} as const;

/** "Safeguarding concern" or "Online-safety incident". */
export function incidentKind(safeguarding: boolean): string {
  return safeguarding ? 'Safeguarding concern' : 'Online-safety incident';
}

/** The line a card shows about where the details are (or that the incident is closed). */
export function privacyLine(closed: boolean): string {
  return closed ? 'This incident is closed. The full record keeps everything that happened.' : "Pupils' names and what was written are only in the full record. Opening it is recorded.";
}

/** The first line of every full record. */
export const CONFIDENTIAL_LINE = 'Confidential: safeguarding record. Do not copy or forward.';

/** Each referral agency's usual name, for a pack that does not name it. */
export const AGENCY_FALLBACK: Record<ReferralAgency, string> = {
  police: 'Police',
  'childrens-social-care': "Children's social care",
  ceop: 'CEOP',
  iwf: 'Internet Watch Foundation',
  lado: 'LADO',
  prevent: 'Prevent',
};

/** Each chronology action in words; an action not listed is shown through `humanize`. */
export const CHRONOLOGY_WORDS: Record<string, string> = {
  reported: 'Reported',
  routed: 'Sent to the right people',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  note: 'Note added',
  referred: 'Referred',
  'not-referred': 'Decided not to refer',
  closed: 'Closed',
  'task-done': 'Task done',
  'task-not-needed': 'Task not needed',
  told: 'Who was reached',
  'team-unreachable': 'Safeguarding team not reached',
  'parents-informed': 'Parents or carers informed',
  'parents-not-told': 'Decided not to tell parents or carers',
  sanction: 'Sanction applied',
  'referral-details': 'Referral details recorded',
  'lado-contact': 'LADO contacted',
  reopened: 'Reopened',
  'type-changed': 'Incident type changed',
};

/** An id in words: `not-referred` becomes "Not referred". */
export function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
