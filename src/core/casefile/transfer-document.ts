/**
 * What the transfer files say: the child's file as a printable document (the PDF's words) and as the
 * JSON copy, both made only from the `ChildFile` and the transfer's own facts, so the same transfer
 * always gives the same files. The child's file names no other child (it lists this child's part in each
 * incident), so neither file does.
 */
import type { PrintDocument } from '../../ports/print-document';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import { formatLondon, formatWallClock } from '../text/time-words';
import type { ChildFile } from './child-file';
import { TRANSFER_JSON_VERSION, type Transfer } from './transfer-record';

/** The product's name in a file's metadata. */
export const FILE_AUTHOR = 'eSafety incident bot';

/** What the DSL is told to do with the files, on the reply and in each file. */
export const SEND_SECURELY = "Send these to the new school's DSL securely, separately from the pupil's other records. Read the written accounts first: they may name other children.";

/** The facts of a transfer the files print (before it is stored, the use case has these too). */
export type TransferFacts = Pick<Transfer, 'ref' | 'toSchool' | 'transferredAt' | 'by' | 'startDate' | 'deadline'>;

const ENTRY_WORDS: Record<string, string> = {
  incident: 'Incident',
  note: 'Note',
  decision: 'Decision',
  referral: 'Referral',
  task: 'Task',
  evidence: 'Evidence',
  sharing: 'Shared',
  transfer: 'Transfer',
  link: 'Pupil linked',
  other: 'Entry',
};

/** The child's file in words, for the PDF. */
export function childFileDocument(file: ChildFile, transfer: TransferFacts): PrintDocument {
  const pupil = file.pupil;
  const group = pupil.registrationGroup ? `, ${pupil.registrationGroup}` : '';
  return {
    title: `Child protection file: ${pupil.name}`,
    subtitle: [
      `From ${file.schoolName}, to ${transfer.toSchool}.`,
      `Year ${pupil.yearGroup}${group}${pupil.left ? ' (has left)' : ''}.`,
      ...(pupil.upn ? [`UPN: ${pupil.upn}`] : []),
      ...(pupil.dateOfBirth ? [`Date of birth: ${formatWallClock(pupil.dateOfBirth)}`] : []),
      `Starts at the new school: ${formatWallClock(transfer.startDate)}. To reach it by: ${formatWallClock(transfer.deadline)}.`,
      `Made ${formatLondon(transfer.transferredAt)} by ${transfer.by.name}. Transfer ${transfer.ref}.`,
    ],
    sections: [
      {
        heading: 'Incidents',
        emptyLine: 'No incidents name this child.',
        lines: file.incidents.map((i) => ({
          text: `${i.reference}: ${i.procedureTitle}`,
          detail: `Part: ${PUPIL_PART_WORDS[i.part]}. Status: ${i.status}. Reported ${formatLondon(i.reportedAt)}.`,
        })),
      },
      {
        heading: 'Chronology',
        emptyLine: 'Nothing is recorded about this child yet.',
        lines: file.entries.map((e) => ({
          text: `${formatLondon(e.at)}  ${e.reference ? `${e.reference}  ` : ''}${ENTRY_WORDS[e.kind] ?? 'Entry'}: ${e.heading} (${e.by})`,
          detail: e.detail,
        })),
      },
    ],
    footer: `Confidential: child protection file for ${pupil.name}. ${SEND_SECURELY}`,
    createdAt: transfer.transferredAt,
    author: FILE_AUTHOR,
  };
}

/** The JSON copy: the child's file as it is, with the transfer's facts and the shape's version. */
export function childFileJson(file: ChildFile, transfer: TransferFacts): string {
  const copy = {
    version: TRANSFER_JSON_VERSION,
    kind: 'child-protection-file',
    transfer: { ref: transfer.ref, toSchool: transfer.toSchool, transferredAt: transfer.transferredAt, by: transfer.by.name, startDate: transfer.startDate, deadline: transfer.deadline },
    file,
  };
  return `${JSON.stringify(copy, null, 2)}\n`;
}

/** The files' names: no pupil name in a file name (it shows in download lists and previews). */
export function transferFileNames(transfer: Pick<Transfer, 'ref'>): { pdf: string; json: string } {
  return { pdf: `child-file-${transfer.ref}.pdf`, json: `child-file-${transfer.ref}.json` };
}
