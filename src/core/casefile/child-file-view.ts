/**
 * A child's file in words for a screen: who the child is, the incidents that name them (each with a
 * "Full record" button), and one page of entries, newest first. Newest first because a DSL opening the
 * file mostly asks "what has happened lately?"; the file itself stays oldest first for the transfer
 * PDF, and "Older entries" pages back. The platform picks the page size to fit its limits. Also the
 * words for a choice of pupils when several match. Only for the reader the file was made for, in a
 * private place (a 1:1 chat or a modal).
 */
import { humanize } from '../incidents/incident-words';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import type { PupilMatch } from '../pupils/find-pupils';
import { formatLondon } from '../text/time-words';
import type { ChildFile, ChildFileEntryKind } from './child-file';

/** The button ids of the child's file: open one pupil's file (ref = pupil id), and page back (ref = page, a colon, the pupil id). */
export const CHILD_FILE_ACTIONS = { open: 'pupil-file-open', older: 'pupil-file-older' } as const;

/** What each kind of entry is called at the start of its line. */
const KIND_WORDS: Record<ChildFileEntryKind, string> = {
  incident: 'Incident',
  note: 'Note',
  decision: 'Decision',
  referral: 'Referral',
  task: 'Task',
  evidence: 'Evidence',
  sharing: 'Sharing',
  transfer: 'Transfer',
  link: 'Correction',
  other: 'Record',
};

/** One page of a child's file, in words. */
export interface ChildFileView {
  schoolId: string;
  pupilId: string;
  title: string;
  confidentialLine: string;
  facts: Array<{ title: string; value: string }>;
  incidentsHeading: string;
  incidents: Array<{ incidentId: string; line: string }>;
  noIncidentsLine: string;
  entriesHeading: string;
  /** "Entries 1 to 30 of 52, newest first." */
  pageLine: string;
  entries: Array<{ heading: string; detail: string }>;
  /** The next (older) page, when there is one. */
  olderPage?: number;
  labels: { fullRecord: string; older: string };
}

/** The facts at the top of the file: year, class, UPN when the school shows it, and whether the child has left. */
function facts(file: ChildFile): Array<{ title: string; value: string }> {
  const p = file.pupil;
  return [
    { title: 'Year', value: p.yearGroup },
    { title: 'Class', value: p.registrationGroup ?? '' },
    { title: 'UPN', value: p.upn ?? '' },
    { title: 'On roll', value: p.left ? 'No: has left the school' : 'Yes' },
  ].filter((f) => f.value);
}

/** Page `page` (1 is the newest) of `pageSize` entries of the file. */
export function describeChildFile(file: ChildFile, page = 1, pageSize = 30): ChildFileView {
  const newestFirst = [...file.entries].reverse();
  const pages = Math.max(1, Math.ceil(newestFirst.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const start = (current - 1) * pageSize;
  const shown = newestFirst.slice(start, start + pageSize);
  const pageLine = newestFirst.length ? `Entries ${start + 1} to ${start + shown.length} of ${newestFirst.length}, newest first.` : 'Nothing has been recorded about this child yet.';
  return {
    schoolId: file.schoolId,
    pupilId: file.pupil.id,
    title: `${file.pupil.name}${file.pupil.left ? ' (left)' : ''}`,
    confidentialLine: `Confidential: the child's file, for ${file.madeFor} only. Do not forward or share in a channel.`,
    facts: facts(file),
    incidentsHeading: 'Incidents naming this child',
    incidents: file.incidents.map((i) => ({
      incidentId: i.incidentId,
      line: `${i.reference}: ${i.procedureTitle}. ${PUPIL_PART_WORDS[i.part]}. ${humanize(i.status)}. Reported ${formatLondon(i.reportedAt)}.`,
    })),
    noIncidentsLine: 'No incident names this child.',
    entriesHeading: 'Chronology',
    pageLine,
    entries: shown.map((e) => ({
      heading: `${formatLondon(e.at)} · ${KIND_WORDS[e.kind]}${e.reference ? ` · ${e.reference}` : ''}: ${e.heading} (${e.by})`,
      detail: e.detail ?? '',
    })),
    ...(current < pages && { olderPage: current + 1 }),
    labels: { fullRecord: 'Full record', older: 'Older entries' },
  };
}

/** The choice offered when several pupils match what was typed: each with their year and class. */
export interface PupilChoiceView {
  schoolId: string;
  title: string;
  lines: string[];
  choices: Array<{ pupilId: string; label: string }>;
}

/** Several matches for `text`, as a choice; `more` says there were more than shown. */
export function describePupilChoice(schoolId: string, matches: PupilMatch[], more: boolean): PupilChoiceView {
  return {
    schoolId,
    title: `${matches.length}${more ? ' or more' : ''} pupils match. Which child?`,
    lines: more ? ['Only the first matches are shown: type more of the name to narrow it down.'] : [],
    choices: matches.map((m) => ({ pupilId: m.id, label: `${m.displayName}, Year ${m.yearGroup}${m.registrationGroup ? `, ${m.registrationGroup}` : ''}` })),
  };
}

/** Reads an "Older entries" button's ref (`<page>:<pupil id>`); undefined when it is not one. */
export function parseOlderRef(ref: string): { page: number; pupilId: string } | undefined {
  const m = /^(\d{1,4}):(.+)$/.exec(ref);
  return m ? { page: Number(m[1]), pupilId: m[2] as string } : undefined;
}

/** A plain answer when nobody matches (the typed text is shown back only to the person who typed it). */
export function noPupilWords(text: string): string {
  return `No pupil on the register matches "${text}" (current pupils and leavers were searched). Check the spelling, or try part of the surname or the class.`;
}

/** Where a child's file may not be shown (a channel): what to do instead; says nothing about the child. */
export const PRIVATE_ONLY_WORDS = "A child's file opens only in a 1:1 chat with me. Please message me directly and type pupil followed by their name.";
