/**
 * `transferChildFile`: the DSL hands a child's file on to the new school. Finds the pupil (several
 * matches: the DSL chooses), opens the child's file (role-limited and audited there), makes the PDF and
 * the JSON copy, and logs the transfer with both files' SHA-256 before anyone is told it is logged; then
 * the files go to the DSL only. `readTransferFiles` makes the same files again from what was logged (for
 * a platform that sends a file after the DSL accepts it). DSL and deputy only; every refusal is audited.
 */
import { ConflictError, type Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { daysBetween, localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { findSchool, resolveSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { findPupils, type PupilMatch } from '../pupils/find-pupils';
import type { Pupil } from '../pupils/pupil-record';
import type { ChildFile } from './child-file';
import { childFileDocument, childFileJson, transferFileNames, type TransferFacts } from './transfer-document';
import { schoolDaysAfter, sha256, TRANSFER_ROLES, TRANSFER_SCHOOL_DAYS, type Transfer, transferIdFor, transferRefFor } from './transfer-record';

/** Opens a child's file for a permitted reader (`openChildFile`); passed in so the transfer reads it the one audited way. */
export type OpenChildFile = (deps: CoreDeps, actor: Actor, request: { schoolId: string; pupilId: string }) => Promise<ChildFile>;

/** What the DSL asked for: the pupil by typed name or by register id (from a choice), the new school, and when the child starts there. */
export interface TransferRequest {
  pupilText?: string;
  pupilId?: string;
  toSchool: string;
  /** YYYY-MM-DD; today when not given. */
  startDate?: string;
}

/** The files that go to the DSL, and the transfer they belong to. */
export interface TransferFiles {
  transfer: Transfer;
  pdf: Uint8Array;
  json: string;
  names: { pdf: string; json: string };
}

/** Either the files, or the pupils to choose between when the name matched several. */
export type TransferOutcome = ({ kind: 'done'; fresh: boolean } & TransferFiles) | { kind: 'choose'; matches: PupilMatch[]; toSchool: string; startDate?: string };

/** The longest school name taken, and a pupil's name as typed. */
export const MAX_SCHOOL_NAME = 120;
const MAX_PUPIL_TEXT = 80;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A typed date (YYYY-MM-DD or DD/MM/YYYY) as YYYY-MM-DD, or undefined when it is no real date. */
export function readDate(text: string): string | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  const iso = uk ? `${uk[3]}-${uk[2]?.padStart(2, '0')}-${uk[1]?.padStart(2, '0')}` : text.trim();
  if (!DATE.test(iso)) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** The school the actor acts for, after checking they may hand files on (a refusal is audited). */
export async function requireTransferRole(deps: CoreDeps, actor: Actor, action: string, schoolId?: string): Promise<School> {
  const school = (schoolId ? findSchool(deps.pack, schoolId) : undefined) ?? resolveSchool(deps.pack, actor);
  if (!rolesOf(actor, school).some((r) => TRANSFER_ROLES.includes(r))) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action, outcome: 'refused' });
    throw new NotPermittedError("hand a child's file on or record its receipt (the safeguarding lead and deputies can)");
  }
  return school;
}

function checkSchoolName(text: string): string {
  const name = text.replace(/\s+/g, ' ').trim();
  if (!name) throw new InvalidInputError({ toSchool: 'Say which school the child is moving to, like: transfer Amelia Jones to Hillside Academy.' });
  if (name.length > MAX_SCHOOL_NAME || /[\n\r<>]/.test(text)) throw new InvalidInputError({ toSchool: `Give the new school's name in at most ${MAX_SCHOOL_NAME} characters, on one line.` });
  return name;
}

function checkStartDate(text: string | undefined, today: string): string {
  if (!text) return today;
  const date = readDate(text);
  if (!date) throw new InvalidInputError({ startDate: 'Give the date the child starts at the new school like 2026-12-07.' });
  const days = daysBetween(today, date);
  if (days < -180 || days > 366) throw new InvalidInputError({ startDate: 'The start date must be within six months before today and a year after it.' });
  return date;
}

async function choosePupil(deps: CoreDeps, school: School, request: TransferRequest): Promise<Pupil | PupilMatch[]> {
  if (request.pupilId) {
    const pupil = await deps.store.get<Pupil>('pupils', school.id, request.pupilId);
    if (!pupil) throw new NotFoundError('pupil');
    return pupil;
  }
  const text = (request.pupilText ?? '').trim();
  if (!text || text.length > MAX_PUPIL_TEXT) throw new InvalidInputError({ pupil: `Give part of the pupil's name (at most ${MAX_PUPIL_TEXT} characters).` });
  const matches = await findPupils(deps, school.id, text, 10);
  if (!matches.length) throw new DomainError('no-pupil', 'No pupil on the register matches that name, so nothing was sent. Check the spelling, or give their registration group too.');
  const exact = matches.filter((m) => m.displayName.toLowerCase() === text.toLowerCase());
  const only = matches.length === 1 ? matches[0] : exact.length === 1 ? exact[0] : undefined;
  if (!only) return matches;
  return (await deps.store.get<Pupil>('pupils', school.id, only.id)) ?? [];
}

async function renderFiles(deps: CoreDeps, file: ChildFile, facts: TransferFacts): Promise<{ pdf: Uint8Array; json: string }> {
  if (!deps.pdf) throw new DomainError('no-pdf', 'Making PDF files is not set up on this bot, so nothing was sent.');
  return { pdf: await deps.pdf(childFileDocument(file, facts)), json: childFileJson(file, facts) };
}

/** Hands the child's file on: the PDF and JSON for the DSL, the transfer logged (durably) and audited first. DSL and deputy only. */
export async function transferChildFile(deps: CoreDeps, actor: Actor, request: TransferRequest, open: OpenChildFile): Promise<TransferOutcome> {
  const school = await requireTransferRole(deps, actor, 'casefile.transfer');
  const toSchool = checkSchoolName(request.toSchool);
  const now = deps.clock.now();
  const today = localTime(now, school.timeZone).date;
  const startDate = checkStartDate(request.startDate, today);
  const found = await choosePupil(deps, school, request);
  if (Array.isArray(found)) return { kind: 'choose', matches: found, toSchool, startDate: request.startDate ? startDate : undefined };
  const id = transferIdFor(found.id, toSchool, today);
  const existing = await deps.store.get<Transfer>('transfers', school.id, id);
  if (existing) {
    const again = await filesOf(deps, existing);
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'casefile.transfer-file', outcome: 'ok', detail: `transfer=${id}` });
    return { kind: 'done', fresh: false, ...again };
  }
  const file = await open(deps, actor, { schoolId: school.id, pupilId: found.id });
  const facts: TransferFacts = {
    ref: transferRefFor(id),
    toSchool,
    transferredAt: now.toISOString(),
    by: actorRef(actor),
    startDate,
    deadline: schoolDaysAfter(startDate, TRANSFER_SCHOOL_DAYS, deps.pack.aup),
  };
  const { pdf, json } = await renderFiles(deps, file, facts);
  const transfer: Transfer = { id, schoolId: school.id, pupilId: found.id, ...facts, status: 'awaiting-receipt', pdfSha256: sha256(pdf), jsonSha256: sha256(json), file };
  try {
    await deps.store.create<Transfer>('transfers', transfer);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const raced = await deps.store.get<Transfer>('transfers', school.id, id);
    if (raced) return { kind: 'done', fresh: false, ...(await filesOf(deps, raced)) };
    throw error;
  }
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'casefile.transfer', outcome: 'ok', detail: `transfer=${id} pdf=${transfer.pdfSha256.slice(0, 16)}` });
  return { kind: 'done', fresh: true, transfer, pdf, json, names: transferFileNames(transfer) };
}

/** A logged transfer's files made again from the log (checked against its SHA-256s); the caller has checked who is asking. */
export async function filesOf(deps: CoreDeps, transfer: Transfer): Promise<TransferFiles> {
  const { _etag, ...doc } = transfer as Stored<Transfer>;
  const { pdf, json } = await renderFiles(deps, doc.file, doc);
  // The files are made again from what was logged; if they differ, what was logged is not what would be sent.
  if (sha256(pdf) !== doc.pdfSha256 || sha256(json) !== doc.jsonSha256)
    throw new DomainError('file-changed', 'The file could not be made exactly as it was logged, so nothing was sent. Please make the transfer again.');
  return { transfer: doc, pdf, json, names: transferFileNames(doc) };
}

/** The logged transfer's files, made again, for the DSL or a deputy (audited; others refused and audited). */
export async function readTransferFiles(deps: CoreDeps, actor: Actor, request: { schoolId: string; transferId: string }): Promise<TransferFiles> {
  const school = await requireTransferRole(deps, actor, 'casefile.transfer-file', request.schoolId);
  const transfer = await deps.store.get<Transfer>('transfers', school.id, request.transferId);
  if (!transfer) throw new NotFoundError('transfer');
  const files = await filesOf(deps, transfer);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'casefile.transfer-file', outcome: 'ok', detail: `transfer=${transfer.id}` });
  return files;
}

/** The name of the pupil a transfer is about, as the register had it when it was made. */
export function transferPupilName(transfer: Pick<Transfer, 'file'>): string {
  return transfer.file.pupil.name;
}
