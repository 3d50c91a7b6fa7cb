/** The AUP in words: a person's agreement card, a reminder, an escalation, and the compliance summary. */
import type { School } from '../policy/schema';
import { plural } from '../text/plural';
import { formatWallClock } from '../text/time-words';
import type { OutboxMessage } from '../delivery/outbox';
import { roleTitle } from '../people/actor';
import type { AudienceCompliance } from './aup-compliance';
import type { AupStatus } from './sign-aup';
import { daysBetween } from '../calendar/school-calendar';

/** The action id of the "I have read and agree" button: the Teams card verb and the Slack action id. */
export const AUP_SIGN_ACTION = 'aup-sign';
/** The words on the sign button. */
export const AUP_SIGN_LABEL = 'I have read and agree';

/** A person's agreement card in words: where they stand, the summary, the full text or link, and whether they may sign now. */
export interface AupCardView {
  title: string;
  /** Where the person stands, in one line. */
  status: string;
  /** Shown above the status on a reminder. */
  reminder?: string;
  summary: string[];
  url?: string;
  fullText?: string;
  canSign: boolean;
  signLabel: string;
  documentId: string;
  version: string;
}

function statusLine(status: AupStatus, today: string): string {
  const due = formatWallClock(status.due.date);
  if (status.upToDate) return `You signed version ${status.version.version} on ${formatWallClock(status.due.lastSigned?.signedAt.slice(0, 10) ?? '')}. Next due by ${due}.`;
  const late = daysBetween(status.due.date, today);
  const when = late > 0 ? `It was due on ${due} (${plural(late, 'day')} ago).` : late === 0 ? 'It is due today.' : `Please sign by ${due}.`;
  const why =
    status.due.reason === 'appointment'
      ? 'You have not signed it yet.'
      : status.due.reason === 'amendment'
        ? `It has changed since you signed version ${status.due.lastSigned?.version}.`
        : status.due.lastSigned?.version !== status.version.version
          ? `You signed version ${status.due.lastSigned?.version}; this is version ${status.version.version}.`
          : 'It is time to sign it again for this year.';
  return `${why} ${when}`;
}

/** The agreement card for a person's status on `today` (YYYY-MM-DD); `reminder` adds the reminder line. Pure. */
export function describeAupCard(status: AupStatus, today: string, reminder = false): AupCardView {
  return {
    title: `${status.document.title} (version ${status.version.version})`,
    status: statusLine(status, today),
    reminder: reminder ? 'Reminder: please read and sign your acceptable use agreement.' : undefined,
    summary: status.version.summary,
    url: status.version.url,
    fullText: status.version.text,
    canSign: !status.upToDate,
    signLabel: AUP_SIGN_LABEL,
    documentId: status.document.id,
    version: status.version.version,
  };
}

/** The overdue notice for the online-safety lead, or for the head once the lead has been told. Names only the person overdue. */
export function describeAupEscalation(message: Pick<OutboxMessage, 'aup' | 'to'>, school: School): { title: string; lines: string[] } {
  const aup = message.aup;
  const name = aup?.personName ?? 'Someone';
  const toHead = message.to.kind === 'role' && message.to.role === 'head';
  return {
    title: `Acceptable use agreement overdue: ${name}`,
    lines: [
      `${name} has not signed their acceptable use agreement, due ${formatWallClock(aup?.dueDate ?? '')}. They have been reminded in chat.`,
      toHead
        ? `The ${roleTitle(school, 'esafety-lead')} was told earlier. Please follow it up, or remove their access until it is signed.`
        : 'Please follow it up with them. Type "aup status" to see everyone who is overdue.',
    ],
  };
}

/** `aup status` in words: one line per audience, then up to 20 overdue people each. */
export function describeCompliance(schoolName: string, audiences: AudienceCompliance[]): { title: string; lines: string[] } {
  const lines = audiences.flatMap((a) => {
    const head = a.active
      ? `${a.title} (version ${a.version}): ${a.signed} of ${a.active} signed and in date (${a.percent}%)${a.dueSoon ? `; ${a.dueSoon} due in the next 14 days` : ''}.`
      : `${a.title} (version ${a.version}): nobody on the register yet. Add people with "aup add Name, ${a.audience}, email".`;
    const late = a.overdue.slice(0, 20).map((o) => `Overdue: ${o.name}, ${plural(o.days, 'day')} (${o.reason})`);
    const more = a.overdue.length > 20 ? [`…and ${a.overdue.length - 20} more overdue.`] : [];
    return [head, ...late, ...more];
  });
  return { title: `Acceptable use agreements at ${schoolName}`, lines: lines.length ? lines : ['No acceptable use agreements are set up in the policy pack.'] };
}
