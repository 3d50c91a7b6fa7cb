/** Formatting for card text: times (core's words) and lists as Teams renders them. */
export { durationWords, formatLondon, formatWallClock, splitWallClock } from '../../../core/text/time-words';

// Teams renders Markdown lists inside one TextBlock; one item per line.
export function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

export function numberedList(items: string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}
