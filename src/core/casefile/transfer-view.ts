/**
 * What the DSL is told about a transfer, in words: the files ready to send on (with what to do with
 * them), the pupils to choose between, the receipt recorded, and the reminder until it is. Shown only in
 * the DSL's 1:1 chat or DM: it names the child and the new school.
 */
import type { PupilMatch } from '../pupils/find-pupils';
import { formatWallClock } from '../text/time-words';
import { SEND_SECURELY } from './transfer-document';
import type { Transfer } from './transfer-record';

/** The button ids a transfer card offers (also in `CASE_ACTIONS`). */
export const TRANSFER_ACTIONS = { choosePupil: 'transfer-pupil', receipt: 'transfer-receipt' } as const;

/** Teams only: a one-time download link to a transfer's PDF or JSON copy, for a chat that cannot take a file (the Agents Playground). */
export const TRANSFER_LINK_ACTION = 'transfer-link';

/** A transfer card: a title, its lines, and what may be pressed. `ref` is the opaque id each button carries. */
export interface TransferView {
  title: string;
  lines: string[];
  schoolId: string;
  /** The receipt button, while the receipt is not recorded: the transfer's id. */
  receiptRef?: string;
  /** The pupils to choose between (register ids), with the new school and start date to confirm. */
  choices?: Array<{ label: string; ref: string }>;
  toSchool?: string;
  startDate?: string;
  /** The transfer whose files may be fetched by a one-time link (Teams offers it beside the file cards). */
  downloadRef?: string;
  /** A one-time link just issued, with the words for its button. */
  link?: { url: string; label: string };
}

/** What a transfer's files are and what to do with them (the reply to `transfer`). */
export function describeTransferReady(transfer: Transfer, fresh: boolean): TransferView {
  return {
    title: `${transfer.file.pupil.name}: child's file for ${transfer.toSchool}`,
    lines: [
      fresh ? `Transfer ${transfer.ref} is logged: the PDF and the JSON copy follow.` : `Transfer ${transfer.ref} was already logged today: here are the same files again.`,
      SEND_SECURELY,
      `So they can check the PDF arrived unchanged, its SHA-256 is ${transfer.pdfSha256}.`,
      `The child starts there on ${formatWallClock(transfer.startDate)}; the file must reach their DSL by ${formatWallClock(transfer.deadline)} (five school days). I will remind you each school day until you record the receipt.`,
    ],
    schoolId: transfer.schoolId,
    receiptRef: transfer.status === 'awaiting-receipt' ? transfer.id : undefined,
    downloadRef: transfer.id,
  };
}

/** A one-time link to one of a transfer's files, just issued to the DSL in their 1:1 chat. */
export function describeTransferLink(transfer: { schoolId: string; ref: string }, file: 'pdf' | 'json', url: string, minutes: number): TransferView {
  const what = file === 'pdf' ? 'the PDF' : 'the JSON copy';
  return {
    title: `Download ${what} of ${transfer.ref}`,
    lines: [`This link downloads ${what} once, within the next ${minutes} minutes, and the download is recorded. Do not forward it.`, SEND_SECURELY],
    schoolId: transfer.schoolId,
    link: { url, label: `Download ${what}` },
  };
}

/** The pupils a name matched, to choose from. */
export function describeTransferChoice(schoolId: string, matches: PupilMatch[], toSchool: string, startDate?: string): TransferView {
  return {
    title: 'Which pupil?',
    lines: [`${matches.length} pupils match. Choose the child whose file goes to the new school (check the school and start date first).`],
    schoolId,
    choices: matches.map((m) => ({ label: `${m.displayName}, Year ${m.yearGroup}${m.registrationGroup ? ` ${m.registrationGroup}` : ''}`, ref: m.id })),
    toSchool,
    startDate,
  };
}

/** The receipt as recorded. */
export function describeReceipt(transfer: Transfer): TransferView {
  const receipt = transfer.receipt;
  return {
    title: `Receipt recorded for ${transfer.ref}`,
    lines: [
      `${transfer.toSchool} has ${transfer.file.pupil.name}'s file: received ${receipt ? formatWallClock(receipt.receivedOn) : ''}, confirmed by ${receipt?.by.name ?? ''}.`,
      'The reminders have stopped.',
    ],
    schoolId: transfer.schoolId,
  };
}

/** The daily reminder until the receipt is recorded: how long is left, or how late it is. */
export function describeTransferReminder(transfer: Transfer, today: string): TransferView {
  const late = today > transfer.deadline;
  return {
    title: late ? `Overdue: ${transfer.file.pupil.name}'s file for ${transfer.toSchool}` : `Reminder: ${transfer.file.pupil.name}'s file for ${transfer.toSchool}`,
    lines: [
      late
        ? `It had to reach the new school's DSL by ${formatWallClock(transfer.deadline)}. Please check with them and record the receipt.`
        : `It must reach the new school's DSL by ${formatWallClock(transfer.deadline)} (five school days after the child starts).`,
      `When they confirm they have it, press Receipt received, or type transfer receipt ${transfer.ref}.`,
    ],
    schoolId: transfer.schoolId,
    receiptRef: transfer.status === 'awaiting-receipt' ? transfer.id : undefined,
  };
}

/** What follows `transfer`: the receipt of a transfer (`receipt TR-3F9A2C [date]`), or a pupil, the new school and maybe a start date. */
export type TransferText = { kind: 'receipt'; ref: string; receivedOn?: string } | { kind: 'transfer'; pupilText: string; toSchool: string; startDate?: string } | { kind: 'usage' };

/** Reads what followed `transfer` (no pattern here can backtrack far: the text is cut to 400 characters first). */
export function readTransferText(text: string): TransferText {
  const line = text.slice(0, 400).trim();
  const receipt = /^receipt\s+(\S+)(?:\s+(\S+))?$/i.exec(line);
  if (receipt) return { kind: 'receipt', ref: receipt[1] ?? '', receivedOn: receipt[2] };
  const at = line.search(/\sto\s/i);
  if (at < 1) return { kind: 'usage' };
  const pupilText = line.slice(0, at).trim();
  let toSchool = line.slice(at).replace(/^\s*to\s+/i, '');
  const starting = /\s+(?:starting|starts|from)\s+(\S+)$/i.exec(toSchool);
  const startDate = starting?.[1];
  if (starting) toSchool = toSchool.slice(0, starting.index);
  return { kind: 'transfer', pupilText, toSchool: toSchool.trim(), startDate };
}

/** How to use `transfer`, when the words did not say enough. */
export const TRANSFER_USAGE = [
  "Type transfer, the pupil's name, to, and the new school: transfer Amelia Jones to Hillside Academy.",
  'If the child starts there later than today, add the date: … to Hillside Academy starting 2026-12-07.',
  'When the new school has the file: transfer receipt TR-3F9A2C (and the date, if it was not today).',
];
