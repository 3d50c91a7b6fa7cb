/**
 * The child's-file card: core's view of one page of the file, or the choice of pupils when several
 * match, laid out for the 1:1 chat. Teams refuses a message over about 28 KB, so a page holds as many
 * entries as fit (the rest are on "Older entries"), and a very long note is shortened, and says so.
 */
import type { ChildFile } from '../../../core/casefile/child-file';
import { type PupilChoiceView, describeChildFile } from '../../../core/casefile/child-file-view';
import { cutLiteral, literalText } from './format';

// Under Teams' ~28 KB with room for the layout each entry adds (a container and two text blocks).
const CARD_BUDGET_BYTES = 24_000;
const PER_ENTRY_BYTES = 190;
const PER_INCIDENT_BYTES = 420;
const LAYOUT_BYTES = 3_000;
const LONGEST_DETAIL = 700;
const FIRST_TRY = 40;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

const empty = {
  confidentialLine: '',
  lines: [] as string[],
  facts: [] as Array<{ title: string; value: string }>,
  incidentsHeading: '',
  incidents: [] as Array<{ incidentId: string; line: string }>,
  hasIncidents: false,
  noIncidentsLine: '',
  entriesHeading: '',
  pageLine: '',
  entries: [] as Array<{ heading: string; detail: string; hasDetail: boolean }>,
  hasShortened: false,
  shortenedLine: '',
  hasOlder: false,
  olderRef: '',
  choices: [] as Array<{ pupilId: string; label: string }>,
  hasChoices: false,
  hasFile: false,
  labels: { fullRecord: 'Full record', older: 'Older entries' },
};

function pageData(file: ChildFile, page: number, pageSize: number) {
  const view = describeChildFile(file, page, pageSize);
  let shortened = false;
  const entries = view.entries.map((e) => {
    const detail = literalText(e.detail);
    const cut = detail.length > LONGEST_DETAIL;
    shortened ||= cut;
    return { heading: literalText(e.heading), detail: cut ? `${cutLiteral(detail, LONGEST_DETAIL)}… (shortened)` : detail, hasDetail: Boolean(e.detail) };
  });
  return {
    ...empty,
    schoolId: view.schoolId,
    title: literalText(view.title),
    confidentialLine: view.confidentialLine,
    facts: view.facts.map((f) => ({ title: f.title, value: literalText(f.value) })),
    incidentsHeading: view.incidentsHeading,
    incidents: view.incidents.map((i) => ({ incidentId: i.incidentId, line: literalText(i.line) })),
    hasIncidents: view.incidents.length > 0,
    noIncidentsLine: view.noIncidentsLine,
    entriesHeading: view.entriesHeading,
    pageLine: view.pageLine,
    entries,
    hasShortened: shortened,
    shortenedLine: shortened ? 'The longest notes are shortened here; the full record of each incident has them in full.' : '',
    hasOlder: view.olderPage !== undefined,
    olderRef: view.olderPage !== undefined ? `${view.olderPage}:${view.pupilId}` : '',
    hasFile: true,
    labels: view.labels,
  };
}

/** Page `page` of the child's file (1 = newest entries), as many entries as fit one Teams message. */
export function childFileCardData(file: ChildFile, page = 1) {
  // Pages keep one size for the whole file, so "Older entries" never skips or repeats an entry.
  for (let size = FIRST_TRY; ; size = Math.floor(size * 0.75)) {
    let fits = true;
    for (let p = 1; p <= Math.ceil(file.entries.length / size) && fits; p++) {
      const d = pageData(file, p, size);
      fits = bytes(d) + LAYOUT_BYTES + d.entries.length * PER_ENTRY_BYTES + d.incidents.length * PER_INCIDENT_BYTES <= CARD_BUDGET_BYTES;
    }
    if (fits || size <= 1) return pageData(file, page, Math.max(size, 1));
  }
}

/** The choice of pupils when several match what was typed. */
export function pupilChoiceCardData(view: PupilChoiceView) {
  return { ...empty, schoolId: view.schoolId, title: view.title, lines: view.lines, choices: view.choices.map((c) => ({ pupilId: c.pupilId, label: c.label })), hasChoices: true };
}
