/** Formatting for card text: times (core's words) and lists as Teams renders them. */
export { durationWords, formatLondon, formatWallClock, splitWallClock } from '../../../core/text/time-words';

// Teams renders Markdown lists inside one TextBlock; one item per line.
export function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

export function numberedList(items: string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

// Teams draws TextBlock and FactSet text as Markdown, so what a person typed could become a link
// (`[click here](https://…)`, a phishing path in the DSL's record), bold, a list or a heading. A backslash
// before ASCII punctuation is CommonMark's escape, which Teams honours: the characters show as typed.
// Inline markers are escaped wherever they are; block markers only at the start of a line, where they act.
const INLINE_MARKUP = /[\\`*_[\]~|<]/g;
const LINE_START_MARKUP = /^([ \t]*)(?:([#>+=-])|(\d{1,9})([.)])(?=\s|$))/gm;

/** Text a person typed, for a card: shown literally, never as Markdown. Our own layout words are not passed through it. */
export function literalText(text: string): string {
  return text
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_START_MARKUP, (_m, indent: string, marker?: string, digits?: string, dot?: string) => (marker ? `${indent}\\${marker}` : `${indent}${digits}\\${dot}`));
}

/** The first `max` characters of escaped text, never ending inside an escape (a lone trailing backslash). */
export function cutLiteral(text: string, max: number): string {
  const cut = Array.from(text).slice(0, max).join('').trimEnd();
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  return trailing % 2 ? cut.slice(0, -1) : cut;
}
