/**
 * Small Block Kit builders that keep within Slack's published limits, so no view is ever refused for a
 * long procedure title or a long note: text is escaped for mrkdwn and clipped with an ellipsis.
 */
import type { Button, KnownBlock, PlainTextElement } from './slack-types';

/** Slack's limits (https://api.slack.com/reference/block-kit). */
export const LIMITS = {
  modalBlocks: 100,
  homeBlocks: 100,
  messageBlocks: 50,
  sectionText: 3000,
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  viewTitle: 24,
  viewButton: 24,
  inputLabel: 2000,
  actionValue: 2000,
  privateMetadata: 3000,
  messageText: 40000,
} as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

/** A section of already-safe mrkdwn (escape anything a person typed first). */
export function section(mrkdwn: string, accessory?: Button): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) };
}

/** Text a person typed or the pack holds, shown as-is: split across sections rather than cut. */
export function longText(text: string): KnownBlock[] {
  const escaped = escapeMrkdwn(text);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < escaped.length; i += LIMITS.sectionText - 10) blocks.push(section(escaped.slice(i, i + LIMITS.sectionText - 10)));
  return blocks.length ? blocks : [section(' ')];
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, LIMITS.contextText) }] };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, value: value.slice(0, LIMITS.actionValue), ...(style ? { style } : {}) };
}

export function bullets(lines: string[]): string {
  return lines.map((l) => `•  ${escapeMrkdwn(l)}`).join('\n');
}

export function numbered(lines: string[]): string {
  return lines.map((l, i) => `${i + 1}.  ${escapeMrkdwn(l)}`).join('\n');
}
