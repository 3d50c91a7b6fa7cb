/**
 * The short messages: the receipt, a person told for information, news for the reporter, the urgent nag,
 * the notice that the safeguarding team could not be reached, and the reporter's delivery report.
 */
import type { DeliveryReportView } from '../../../core/delivery/delivery-report-view';
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import type { NoticeView } from '../../../core/incidents/notice-views';
import type { ReceiptView } from '../../../core/incidents/receipt-view';
import { bullets, button, clip, escapeMrkdwn, header, LIMITS, section, verbatimSection } from './block-kit';
import type { SlackMessage } from './slack-types';
import { incidentToken } from './incident-token';
import type { KnownBlock } from './slack-types';

export function receiptBlocks(view: ReceiptView): KnownBlock[] {
  return [
    header(view.title),
    ...(view.urgent ? [section(':rotating_light: *Sent as URGENT*')] : []),
    section(`*${escapeMrkdwn(view.toldHeading)}*\n${bullets(view.toldRoles)}`),
    section(`*What happens next*\n${bullets(view.nextSteps)}`),
  ];
}

export function receiptMessage(view: ReceiptView): SlackMessage {
  return { text: clip(`${view.title}. ${view.nextSteps[0] ?? ''}`, LIMITS.messageText), blocks: receiptBlocks(view) };
}

export function noticeMessage(view: NoticeView, flag = ''): SlackMessage {
  return {
    text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText),
    blocks: [...(flag ? [section(`${flag} *${escapeMrkdwn(view.title)}*`)] : [header(view.title)]), ...view.lines.slice(0, LIMITS.messageBlocks - 1).map((l) => verbatimSection(escapeMrkdwn(l)))],
  };
}

/** Nobody in the safeguarding team could be reached: the next person up the chain must find them. */
export function teamUnreachableMessage(view: NoticeView): SlackMessage {
  return noticeMessage(view, ':rotating_light:');
}

/** Who the report reached, who it is still trying, who it could not reach, then what to do: only the parts that have something in them. */
export function deliveryReportMessage(view: DeliveryReportView): SlackMessage {
  const parts: Array<[string, string[]]> = [
    ['Reached', view.reached],
    ['Still trying', view.trying],
    ['Not reached', view.notReached],
  ];
  const blocks: KnownBlock[] = [header(view.title)];
  for (const [heading, lines] of parts) if (lines.length) blocks.push(verbatimSection(`*${heading}*\n${bullets(lines)}`));
  for (const line of view.advice) blocks.push(verbatimSection(`${view.notReached.length || view.trying.length ? ':warning: ' : ''}${escapeMrkdwn(line)}`));
  const summary = view.notReached.length ? `Not reached: ${view.notReached.join('; ')}. ` : '';
  return { text: clip(`${view.title}. ${summary}${view.advice.join(' ')}`, LIMITS.messageText), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

/** The urgent nag, with the Acknowledge button when the recipient can act and @mentions of the safeguarding team. */
export function urgentReminderMessage(reminder: NoticeView & { canAcknowledge: boolean }, view: EscalationView, mentionUserIds: string[]): SlackMessage {
  const who = mentionUserIds.map((u) => `<@${u}>`).join(' ');
  const blocks: KnownBlock[] = [section(`:rotating_light: *${escapeMrkdwn(reminder.title)}*${who ? `\n${who}` : ''}`), ...reminder.lines.map((l) => verbatimSection(escapeMrkdwn(l)))];
  if (reminder.canAcknowledge) {
    blocks.push({ type: 'actions', block_id: `reminder:${incidentToken(view)}`.slice(0, 255), elements: [button(ESCALATION_LABELS.acknowledge, 'acknowledge', incidentToken(view), 'primary')] });
  }
  return { text: clip(reminder.title, LIMITS.messageText), blocks };
}
