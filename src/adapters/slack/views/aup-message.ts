/** The acceptable use agreement as a Slack message: summary, the whole text or a link, and the sign button. */
import { AUP_SIGN_ACTION, type AupCardView } from '../../../core/aup/aup-views';
import { bullets, clip, context, escapeMrkdwn, header, LIMITS, longText, plain, section } from './block-kit';
import type { SlackMessage } from './slack-types';
import type { KnownBlock } from './slack-types';

export function aupSignValue(view: Pick<AupCardView, 'documentId' | 'version'>): string {
  return `${view.documentId}@${view.version}`;
}

export function parseAupSignValue(value: unknown): { documentId: string; version: string } | undefined {
  const match = typeof value === 'string' ? /^([a-z0-9-]{1,100})@([A-Za-z0-9._-]{1,50})$/.exec(value) : null;
  return match ? { documentId: match[1] as string, version: match[2] as string } : undefined;
}

export function aupMessage(view: AupCardView): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (view.reminder) blocks.push(section(`:memo: *${escapeMrkdwn(view.reminder)}*`));
  blocks.push(header(view.title), section(escapeMrkdwn(view.status)), section(`*In short*\n${bullets(view.summary)}`));
  if (view.url) blocks.push(section(`<${view.url}|Read the whole agreement>`));
  else if (view.fullText) blocks.push(section('*The whole agreement*'), ...longText(view.fullText));
  if (view.canSign) {
    blocks.push(
      {
        type: 'actions',
        block_id: 'aup-sign',
        elements: [{ type: 'button', text: plain(view.signLabel, LIMITS.buttonText), action_id: AUP_SIGN_ACTION, value: aupSignValue(view), style: 'primary' }],
      },
      context("Pressing the button records your name, the version and the time. It is kept as the school's record."),
    );
  }
  return { text: clip(`${view.reminder ? `${view.reminder} ` : ''}${view.title}: ${view.status}`, LIMITS.messageText), blocks };
}
