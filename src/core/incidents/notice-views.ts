/**
 * The short messages about an incident, in words: a role told it exists, news for the reporter, and the
 * nag for an urgent incident nobody has picked up. References and roles only, never pupils' details.
 */
import { durationWords } from '../text/time-words';
import type { EscalationView } from './escalation-view';
import { incidentKind } from './incident-words';

/** A short notice in words: a title and its lines. */
export interface NoticeView {
  title: string;
  lines: string[];
}

/**
 * A person told that an incident exists: the reference and who is dealing with it, nothing more. The plan
 * sends this only to people with no task in it, so "nothing to do" is true.
 */
export function describeInformRole(view: Pick<EscalationView, 'reference' | 'schoolName' | 'audience'>): NoticeView {
  return {
    title: `For your information: ${view.reference}`,
    lines: [`An online-safety incident has been reported at ${view.schoolName}. It is with the ${view.audience}.`, 'You have no task in it. You do not need to do anything unless they ask you to.'],
  };
}

/** The head (or the next on the chain) told that nobody in the safeguarding team could be reached. */
export function describeTeamUnreachable(reference: string, text: string | undefined): NoticeView {
  return {
    title: `URGENT: safeguarding team not reached about ${reference}`,
    lines: [text ?? `Nobody in the safeguarding team could be reached about ${reference}. Please find them in person or by phone now.`],
  };
}

/** News for the person who reported: `text` is core's plain words from the outbox message. */
export function describeReporterUpdate(update: { reference: string; text?: string }): NoticeView {
  return { title: `Update on your report ${update.reference}`, lines: [update.text ?? `There is news on your report ${update.reference}.`] };
}

/**
 * The nag for an urgent incident nobody has acknowledged. `acknowledge: false` when the recipient
 * cannot act on it (e.g. the head teacher told after the time limit).
 */
export function describeUrgentReminder(view: EscalationView, minutesAgo: number, acknowledge = true): NoticeView & { canAcknowledge: boolean } {
  const canAcknowledge = view.actions.includes('acknowledge') && acknowledge;
  return {
    title: `URGENT and still not acknowledged: ${view.reference} (reported ${durationWords(minutesAgo)} ago)`,
    lines: [
      `${incidentKind(view.safeguarding)} for the ${view.audience}.`,
      canAcknowledge ? 'Please acknowledge it now, so everyone knows someone is dealing with it.' : `Please check that the ${view.audience} has seen it.`,
    ],
    canAcknowledge,
  };
}
