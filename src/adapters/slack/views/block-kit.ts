/**
 * Small Block Kit builders that keep within Slack's published limits, so no view is ever refused for a
 * long procedure title or a long note: text is escaped for mrkdwn and clipped with an ellipsis. What a
 * person typed is shown as text: in `plain_text` wherever it stands alone, and where it must sit in
 * mrkdwn (beside a bold label, in a task line) escaped so that it can make no link, mention or formatting.
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

/** Escapes for Slack's whole-message `text` (the notification): `&`, `<` and `>`, so no `<!channel>` or `<url|words>` is read as markup. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Lookalikes for mrkdwn's formatting marks. Slack's mrkdwn has no backslash escape, so a mark that could
 * open or close formatting is swapped for a character that looks the same and means nothing.
 */
const LOOKALIKE: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
const WORD = /[\p{L}\p{N}]/u;

/**
 * Text made safe for mrkdwn: `&`, `<` and `>` escaped (so no link, `<!channel>` or `<@U…>` mention), a
 * `>` that starts a line (a quote) swapped for `＞`, every `~` and backtick, and each `*` or `_` that is
 * not inside a word (`sam_teacher` stays as typed: Slack formats only at word edges) swapped for a lookalike.
 */
export function escapeMrkdwn(text: string): string {
  const marks = text.replace(/^(\s*)>/gm, '$1\uff1e').replace(/[*_~`]/g, (mark, at: number, all: string) => {
    const inWord = (mark === '*' || mark === '_') && WORD.test(all[at - 1] ?? '') && WORD.test(all[at + 1] ?? '');
    return inWord ? mark : (LOOKALIKE[mark] as string);
  });
  return escapeText(marks);
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

/** A section of already-safe mrkdwn (escape anything a person typed first). */
export function section(mrkdwn: string, accessory?: Button): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) };
}

/**
 * A section of escaped mrkdwn that carries names or words people typed: `verbatim`, so Slack turns no
 * bare address into a link and no `@channel` into a mention (the pack's own sections keep their links).
 */
export function verbatimSection(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText), verbatim: true } };
}

/** Text a person typed (or a document the pack holds), shown exactly as written in `plain_text`: split across sections rather than cut. */
export function longText(text: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < text.length; i += LIMITS.sectionText - 10) blocks.push({ type: 'section', text: { type: 'plain_text', text: text.slice(i, i + LIMITS.sectionText - 10), emoji: false } });
  return blocks.length ? blocks : [{ type: 'section', text: { type: 'plain_text', text: ' ', emoji: false } }];
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(mrkdwn: string, verbatim = false): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, LIMITS.contextText), ...(verbatim ? { verbatim } : {}) }] };
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
