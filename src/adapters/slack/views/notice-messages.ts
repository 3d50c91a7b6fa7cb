/** The short messages: the receipt, a role told an incident exists, news for the reporter, the urgent nag. */
import { ESCALATION_LABELS } from '../../../core/incidents/escalation-actions';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import type { NoticeView } from '../../../core/incidents/notice-views';
import type { ReceiptView } from '../../../core/incidents/receipt-view';
import { bullets, button, clip, escapeMrkdwn, header, LIMITS, section } from './block-kit';
import type { SlackMessage } from './escalation-message';
import { incidentToken } from './incident-token';
import type { KnownBlock } from './slack-types';

export function receiptBlocks(view: ReceiptView): KnownBlock[] {
  return [
    header(view.title),
    ...(view.urgent ? [section(':rotating_light: *Sent as URGENT*')] : []),
    section(`*Who has been told*\n${bullets(view.toldRoles)}`),
    section(`*What happens next*\n${bullets(view.nextSteps)}`),
  ];
}

export function receiptMessage(view: ReceiptView): SlackMessage {
  return { text: clip(`${view.title}. ${view.nextSteps[0] ?? ''}`, LIMITS.messageText), blocks: receiptBlocks(view) };
}

export function noticeMessage(view: NoticeView): SlackMessage {
  return { text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText), blocks: [header(view.title), ...view.lines.map((l) => section(escapeMrkdwn(l)))] };
}

/** The urgent nag, with the Acknowledge button when the recipient can act and @mentions of the safeguarding team. */
export function urgentReminderMessage(reminder: NoticeView & { canAcknowledge: boolean }, view: EscalationView, mentionUserIds: string[]): SlackMessage {
  const who = mentionUserIds.map((u) => `<@${u}>`).join(' ');
  const blocks: KnownBlock[] = [
    section(`:rotating_light: *${escapeMrkdwn(reminder.title)}*${who ? `\n${who}` : ''}`),
    ...reminder.lines.map((l) => section(escapeMrkdwn(l))),
  ];
  if (reminder.canAcknowledge) {
    blocks.push({ type: 'actions', block_id: `reminder:${incidentToken(view)}`.slice(0, 255), elements: [button(ESCALATION_LABELS.acknowledge, 'acknowledge', incidentToken(view), 'primary')] });
  }
  return { text: clip(reminder.title, LIMITS.messageText), blocks };
}
