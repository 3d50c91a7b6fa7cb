/** A transfer view (the files ready, the receipt, the reminder) as a Slack message for the DSL's DM, with Receipt received while it is awaited. */
import { TRANSFER_ACTIONS, type TransferView } from '../../../core/casefile/transfer-view';
import { LIMITS, button, clip, escapeMrkdwn, section } from './block-kit';
import type { KnownBlock, SlackMessage } from './slack-types';

/** The receipt button's value: the school and the transfer's opaque id. */
export function transferToken(schoolId: string, transferId: string): string {
  return `${schoolId}/${transferId}`;
}

/** Reads a receipt button's value; undefined when it is not one. */
export function parseTransferToken(token: unknown): { schoolId: string; transferId: string } | undefined {
  if (typeof token !== 'string' || token.length > 300) return undefined;
  const match = /^([a-z0-9-]{1,100})\/(transfer:[0-9a-f]{24})$/.exec(token);
  return match ? { schoolId: match[1] as string, transferId: match[2] as string } : undefined;
}

export function transferMessage(view: TransferView): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`), ...view.lines.map((l) => section(escapeMrkdwn(l)))];
  if (view.receiptRef) {
    blocks.push({
      type: 'actions',
      block_id: `transfer:${view.receiptRef}`.slice(0, 255),
      elements: [button('Receipt received', TRANSFER_ACTIONS.receipt, transferToken(view.schoolId, view.receiptRef), 'primary')],
    });
  }
  return { text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText), blocks };
}
