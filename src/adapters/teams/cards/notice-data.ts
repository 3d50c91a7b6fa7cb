/**
 * Mappers for the plain notices: confirmations and errors, the head told the safeguarding team could
 * not be reached, the reporter's delivery report, and `setup check`. Core owns the words.
 */
import type { DeliveryReportView } from '../../../core/delivery/delivery-report-view';
import { describeTeamUnreachable } from '../../../core/incidents/notice-views';
import type { SetupView } from '../../../core/setup/setup-check';
import { bulletList } from './format';

/** A plain message: confirmations ("I've sent you a private message") and errors with a support reference. */
export function noticeCardData(title: string, lines: string[] = [], options: { tone?: 'info' | 'error'; supportRef?: string } = {}) {
  return {
    title,
    titleColor: options.tone === 'error' ? 'Attention' : 'Default',
    lines,
    hasSupportRef: Boolean(options.supportRef),
    supportRef: options.supportRef ? `If you ask for help, quote: ${options.supportRef}` : '',
  };
}

/** The head (or whoever is next) told that the safeguarding team could not be reached: a red notice. */
export function teamUnreachableCardData(reference: string, text: string | undefined) {
  const view = describeTeamUnreachable(reference, text);
  return noticeCardData(view.title, view.lines, { tone: 'error' });
}

/** Who the report reached, who is still being tried and who was not reached; only the sections with anyone in them. */
export function deliveryReportCardData(view: DeliveryReportView) {
  const sections = [
    { heading: 'Reached', lines: view.reached, color: 'Good' },
    { heading: 'Still trying', lines: view.trying, color: 'Warning' },
    { heading: 'Not reached', lines: view.notReached, color: 'Attention' },
  ];
  return {
    title: view.title,
    sections: sections.filter((s) => s.lines.length).map((s) => ({ heading: s.heading, color: s.color, list: bulletList(s.lines) })),
    advice: view.advice,
  };
}

/** `setup check`: the channel, then one line per role holder with each platform's answer, then the summary. */
export function setupCheckCardData(view: SetupView) {
  const holderLines = view.lines.map((l) => `${l.role} — ${l.who}${l.platforms.length ? `: ${l.platforms.map((p) => p.words).join('; ')}` : ''}`);
  return noticeCardData(view.title, [...view.channel, ...holderLines, view.summary]);
}
