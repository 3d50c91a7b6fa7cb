/**
 * The full-record card: core's `FullRecordView` laid out for one permitted reader.
 * Limits: Teams refuses a message over about 28 KB, so a very long chronology is shortened, and says so.
 */
import type { RecordNames } from '../../../core/incidents/record-names';
import type { Incident } from '../../../core/incidents/incident';
import { describeFullRecord } from '../../../core/incidents/full-record-view';
import type { PersonDelivery } from '../../../core/assignments/delivery-report';
import type { CaseSection } from '../../../core/casefile/record-sections';
import { cutLiteral, literalText } from './format';

// Teams refuses a message over about 28 KB. The data's size plus the layout each item adds is a safe
// overestimate of the card's size (the data also holds flags and keys the card does not).
const CARD_BUDGET_BYTES = 26_000;
const LAYOUT_BYTES = 3_500;
const PER_ITEM_BYTES = 160;
const SHORT_TEXT = 280;
const SHORTENED = '… (shortened)';

/** The most buttons Teams draws in one row of a card. */
const BUTTONS_PER_ROW = 5;

function rowsOf<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

type Entry = { heading: string; detail: string; hasDetail: boolean };
type Slot = { get: () => string; set: (text: string) => void };

interface Fittable {
  details: unknown[];
  referrals: unknown[];
  tasks: unknown[];
  chronology: Entry[];
}

function cardCost(data: Fittable): number {
  const items = data.details.length + data.referrals.length + data.tasks.length + data.chronology.length;
  return bytes(data) + LAYOUT_BYTES + items * PER_ITEM_BYTES;
}

/**
 * Makes the record fit one Teams message, losing as little as possible: first the chronology's copies
 * of notes (referral notes, the decision and the outcome are shown in full above), then the oldest
 * chronology entries, and only then the longest of the other texts.
 */
function fit(data: Fittable, others: Slot[]): { shortened: number; dropped: number } {
  let shortened = 0;
  let dropped = 0;
  const done = new Set<Slot>();
  const shortenLongest = (slots: Slot[]): boolean => {
    const longest = slots.filter((s) => !done.has(s) && s.get().length > SHORT_TEXT).sort((a, b) => b.get().length - a.get().length)[0];
    if (!longest) return false;
    longest.set(`${cutLiteral(longest.get(), SHORT_TEXT)}${SHORTENED}`);
    done.add(longest);
    shortened++;
    return true;
  };
  const notes: Slot[] = data.chronology.map((e) => ({ get: () => e.detail, set: (t) => (e.detail = t) }));
  while (cardCost(data) > CARD_BUDGET_BYTES && shortenLongest(notes));
  while (cardCost(data) > CARD_BUDGET_BYTES && data.chronology.length > 1) {
    data.chronology.shift();
    dropped++;
  }
  while (cardCost(data) > CARD_BUDGET_BYTES && shortenLongest(others));
  return { shortened, dropped };
}

/** `deliveries`: who the incident's messages reached, so "Told" in the record says what really happened. */
export function fullRecordCardData(incident: Incident, schoolName: string, names: Partial<RecordNames> = {}, deliveries?: PersonDelivery[], sections: CaseSection[] = []) {
  const view = describeFullRecord(incident, schoolName, names, deliveries);
  // What people typed (details, notes, reasons, the outcome) and names are shown literally, never as
  // Markdown; escaped before fitting, so the size counted is the size sent.
  const data = {
    ...view,
    summary: view.summary.map((f) => ({ ...f, value: literalText(f.value) })),
    details: view.details.map((d) => ({ ...d, value: literalText(d.value) })),
    referrals: view.referrals.map((r) => ({ ...r, heading: literalText(r.heading), note: literalText(r.note) })),
    decision: literalText(view.decision),
    outcome: literalText(view.outcome),
    tasks: view.tasks.map((t) => ({ ...t, meta: literalText(t.meta) })),
    chronology: view.chronology.map((c) => ({ ...c, heading: literalText(c.heading), detail: literalText(c.detail) })),
    // The case file's sections (pupils, decisions, sharing, evidence): every line is literal text.
    sections: sections.map((section) => ({
      id: section.id,
      heading: literalText(section.heading),
      lines: section.lines.map((l) => ({ text: literalText(l.text), detail: literalText(l.detail ?? ''), hasDetail: Boolean(l.detail) })),
      hasLines: section.lines.length > 0,
      emptyLine: literalText(section.emptyLine ?? ''),
      // Teams shows at most five buttons in a row (the card parser refuses more): one row per five.
      actionRows: rowsOf(
        section.actions.map((a) => ({ action: a.action, label: a.label, ref: a.ref ?? '' })),
        BUTTONS_PER_ROW,
      ).map((actions) => ({ actions })),
    })),
    hasShortened: false,
    shortenedLine: '',
    hasDetails: view.details.length > 0,
    hasAnswers: view.answers.length > 0,
    hasReferrals: view.referrals.length > 0,
    hasDecision: Boolean(view.decision),
    hasOutcome: Boolean(view.outcome),
    hasTasks: view.tasks.length > 0,
  };
  const others: Slot[] = [
    ...data.details.map((d) => ({ get: () => d.value, set: (t: string) => (d.value = t) })),
    ...data.referrals.map((r) => ({ get: () => r.note, set: (t: string) => (r.note = t) })),
    { get: () => data.decision, set: (t) => (data.decision = t) },
    { get: () => data.outcome, set: (t) => (data.outcome = t) },
  ];
  const { shortened, dropped } = fit(data, others);
  const notes = [shortened ? 'the longest texts are shortened' : '', dropped ? `the ${dropped} earliest chronology ${dropped === 1 ? 'entry is' : 'entries are'} not shown` : ''].filter(Boolean);
  data.hasShortened = notes.length > 0;
  data.shortenedLine = notes.length ? `This record is too long to show in full in Teams: ${notes.join(' and ')}. The stored record is complete.` : '';
  return data;
}
