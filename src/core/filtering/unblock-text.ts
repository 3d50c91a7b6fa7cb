/**
 * Reading `unblock <address> for <how long> because <reason>` (the words after `unblock`), forgivingly:
 * the how-long may come before or after the reason; `because`, `reason:` or `-` starts the reason; and
 * the how-long is one of `for the lesson`, `for this lesson`, `for period 3`, `for today`, `for 45 minutes`,
 * `for 2 hours`, `until 15:10` or `until 3.10pm`. Pure and linear in the text's length (the text is
 * capped before any pattern runs).
 */

/** The longest reason kept, in characters. */
export const MAX_REASON_LENGTH = 500;
/** The longest text read after `unblock`, in characters. */
export const MAX_UNBLOCK_TEXT = 3000;

/** How long the unblock is asked for, before the school calendar turns it into an end. */
export type AskedPeriod = { kind: 'lesson' } | { kind: 'period'; period: string } | { kind: 'today' } | { kind: 'minutes'; minutes: number } | { kind: 'until'; time: string };

/** The parts of an unblock request as typed (not yet checked against the address rules or the calendar). */
export interface UnblockAsk {
  address: string;
  period?: AskedPeriod;
  reason: string;
}

/** How to ask, for the reply when the words cannot be read. */
export const UNBLOCK_USAGE = [
  'Type: unblock <web address> for <how long> because <why>.',
  'For example: unblock www.bbc.co.uk/bitesize for the lesson because Year 6 are researching volcanoes.',
  'How long: for the lesson, for period 3, for today, for 45 minutes, for 2 hours, or until 15:10.',
];

const PERIOD_AT_START =
  /^(for\s+(the|this)\s+lesson|for\s+(lesson|period|p)\s*([a-z0-9]{1,10})|for\s+(today|the\s+day|the\s+rest\s+of\s+the\s+day)|for\s+(\d{1,3})\s*(minutes?|mins?|hours?|hrs?|h)|until\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?)\b/i;

function readPeriod(text: string): { period: AskedPeriod; rest: string } | undefined {
  const m = PERIOD_AT_START.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m[0].length).trim();
  if (m[2]) return { period: { kind: 'lesson' }, rest };
  if (m[4]) return { period: { kind: 'period', period: m[4].toUpperCase() }, rest };
  if (m[5]) return { period: { kind: 'today' }, rest };
  if (m[6]) {
    const n = Number(m[6]);
    const unit = (m[7] ?? '').toLowerCase();
    return { period: { kind: 'minutes', minutes: unit.startsWith('h') ? n * 60 : n }, rest };
  }
  let hour = Number(m[8]);
  const minute = Number(m[9] ?? '0');
  const half = (m[10] ?? '').toLowerCase();
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  // A school's "until 3" means the afternoon.
  if (!half && hour >= 1 && hour <= 6 && !m[9]) hour += 12;
  if (hour > 23 || minute > 59) return undefined;
  return { period: { kind: 'until', time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` }, rest };
}

const REASON_START = /^(because|as|reason\s*:?|-|–|:)\s*/i;

/** The request's parts, or undefined when there is no address at all (answer with `UNBLOCK_USAGE`). */
export function readUnblockText(typed: string): UnblockAsk | undefined {
  const text = typed.slice(0, MAX_UNBLOCK_TEXT).replace(/\s+/g, ' ').trim();
  const word = /^\S+/.exec(text)?.[0];
  if (!word) return undefined;
  // "unblock example.org, for the lesson": the comma belongs to the sentence, not the address.
  const address = word.replace(/[,;.]+$/, '');
  let rest = text.slice(word.length).trim();
  let period: AskedPeriod | undefined;
  const first = readPeriod(rest);
  if (first) {
    period = first.period;
    rest = first.rest;
  }
  rest = rest.replace(REASON_START, '');
  // The how-long after the reason: "because … for the lesson".
  if (!period) {
    const at = rest.search(/\s(for\s+(the|this)\s+lesson|for\s+(lesson|period|p)\s*[a-z0-9]|for\s+(today|the\s+day)|for\s+\d|until\s+\d)/i);
    if (at >= 0) {
      const tail = readPeriod(rest.slice(at + 1));
      if (tail && tail.rest.length <= 1) {
        period = tail.period;
        rest = rest.slice(0, at).trim();
      }
    }
  }
  return { address, ...(period && { period }), reason: rest.replace(/[.\s]+$/, '').trim() };
}
