/**
 * `openEvidence`: a permitted reader of the full record (`mayRead`) opens one evidence file. The incident
 * and the file's record are loaded by their opaque ids; the file must belong to that incident. Every
 * open is audited, and so is every refusal (ids only, never the file's name or content).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Doc, Stored } from '../../ports/document-store';
import { mayRead } from '../assignments/who-may';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, NotFoundError, NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { type Actor, type ActorRef, actorRef } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import { EVIDENCE_TYPES, type EvidenceRecord } from './evidence-record';
import { type IncidentExport, exportIncident, makeIncidentExport } from './export-incident';
import { filesOf, readTransferFiles } from './transfer-child-file';
import type { Transfer } from './transfer-record';

/** Which file to open: ids from the button, trusted only after loading. */
export interface OpenEvidenceRequest {
  schoolId: string;
  incidentId: string;
  evidenceId: string;
}

/** An opened file: its record and its bytes, for the adapter to hand to the person privately. */
export interface OpenedEvidence {
  incident: Stored<Incident>;
  record: EvidenceRecord;
  bytes: Buffer;
}

/** Opens one file for a permitted reader (audited), or refuses (audited). */
export async function openEvidence(deps: CoreDeps, actor: Actor, request: OpenEvidenceRequest): Promise<OpenedEvidence> {
  const school = findSchool(deps.pack, request.schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  const audit = (outcome: 'ok' | 'refused', detail: string) => recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'evidence.open', outcome, incidentId: incident.id, detail });
  if (!mayRead(deps.pack, school, incident, actor)) {
    await audit('refused', `not-permitted evidence=${request.evidenceId.slice(0, 40)}`);
    throw new NotPermittedError('open the evidence on this record');
  }
  const record = await deps.store.get<EvidenceRecord>('evidence', school.id, request.evidenceId);
  if (!record || record.incidentId !== incident.id) throw new NotFoundError('file');
  const bytes = await deps.files?.get(record.storageKey);
  if (!bytes) {
    await audit('refused', `missing evidence=${record.id}`);
    throw new DomainError('evidence-missing', 'That file could not be found in the evidence store. Please tell your IT support; the record of it is kept.');
  }
  await audit('ok', `evidence=${record.id}`);
  return { incident, record, bytes };
}

/** The path of the bot's route that redeems a link. */
export const EVIDENCE_LINK_PATH = '/evidence/open';

/** The link a person is given for a token. */
export function evidenceLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${EVIDENCE_LINK_PATH}?t=${encodeURIComponent(token)}`;
}

/** How long a link to open one file lasts. */
export const EVIDENCE_LINK_MINUTES = 5;

/** A one-time link's record (collection `evidence`, id `link-<sha256 of its secret>`): which file, for whom, until when. */
export interface EvidenceLinkRecord extends Doc {
  kind: 'open-link';
  /** The evidence file it opens; absent for a link to a transferred child's file. */
  evidenceId?: string;
  /** A transferred child's file (PDF or JSON copy), made again from the transfer log when the link is used. */
  transfer?: { transferId: string; file: 'pdf' | 'json' };
  /** One incident's record as a PDF for a police or LADO request (`linkIncidentId`), made when the link is used. */
  incidentExport?: true;
  linkIncidentId?: string;
  issuedTo: ActorRef;
  expiresAt: string;
}

/** What a used link hands over: the bytes, their type, and the name to save them under. */
export interface LinkedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

const linkId = (secret: string) => `link-${createHash('sha256').update(secret).digest('hex').slice(0, 40)}`;

/**
 * For a permitted reader (audited like an open): a one-time secret that opens this one file for the
 * next few minutes, and the file's record. The secret is kept only as its hash.
 */
export async function issueEvidenceLink(deps: CoreDeps, actor: Actor, request: OpenEvidenceRequest): Promise<{ url: string; record: EvidenceRecord; minutes: number }> {
  const school = findSchool(deps.pack, request.schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  if (!mayRead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'evidence.open', outcome: 'refused', incidentId: incident.id, detail: 'not-permitted' });
    throw new NotPermittedError('open the evidence on this record');
  }
  const record = await deps.store.get<EvidenceRecord>('evidence', school.id, request.evidenceId);
  if (!record || record.incidentId !== incident.id) throw new NotFoundError('file');
  const secret = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + EVIDENCE_LINK_MINUTES * 60_000).toISOString();
  await deps.store.create<EvidenceLinkRecord>('evidence', {
    id: linkId(secret),
    schoolId: school.id,
    kind: 'open-link',
    evidenceId: record.id,
    linkIncidentId: incident.id,
    issuedTo: actorRef(actor),
    expiresAt,
  });
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'evidence.link', outcome: 'ok', incidentId: incident.id, detail: `evidence=${record.id}` });
  const token = `${school.id}.${secret}`;
  return { url: evidenceLinkUrl(deps.evidenceLinkBaseUrl ?? 'http://127.0.0.1:3978', token), record, minutes: EVIDENCE_LINK_MINUTES };
}

/**
 * Opens the file a one-time link names, once: the link is deleted as it is used (a second use, or one
 * after it expired, is refused). The open is audited in the name of the person it was issued to.
 */
export async function redeemEvidenceLink(deps: CoreDeps, token: string): Promise<LinkedFile> {
  const gone = new DomainError('link-used', 'This link has been used or has expired. Ask for the file again where you found the link (the full record, or the transfer card).');
  const match = /^([A-Za-z0-9_-]{1,100})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) throw gone;
  const [, schoolId, secret] = match as unknown as [string, string, string];
  const link = await deps.store.get<EvidenceLinkRecord>('evidence', schoolId, linkId(secret));
  if (link?.kind !== 'open-link') throw gone;
  // Deleting is the one-time check: of two uses at once, only one deletes it.
  if (!(await deps.store.delete('evidence', schoolId, link.id))) throw gone;
  if (Date.parse(link.expiresAt) < deps.clock.now().getTime()) throw gone;
  if (link.transfer) return redeemTransferLink(deps, schoolId, link, link.transfer);
  if (link.incidentExport) return redeemExportLink(deps, schoolId, link);
  const record = link.evidenceId ? await deps.store.get<EvidenceRecord>('evidence', schoolId, link.evidenceId) : undefined;
  const bytes = record ? await deps.files?.get(record.storageKey) : undefined;
  if (!record || !bytes) throw new DomainError('evidence-missing', 'That file could not be found in the evidence store.');
  await recordAudit(deps, { schoolId, actor: link.issuedTo, action: 'evidence.open', outcome: 'ok', incidentId: link.linkIncidentId, detail: `evidence=${record.id} via=link` });
  const ext = EVIDENCE_TYPES.find((t) => t.contentType === record.contentType)?.names[0] ?? 'bin';
  return { fileName: `evidence-${record.id.slice(3, 11)}.${ext}`, contentType: record.contentType, bytes };
}

async function redeemTransferLink(deps: CoreDeps, schoolId: string, link: EvidenceLinkRecord, target: NonNullable<EvidenceLinkRecord['transfer']>): Promise<LinkedFile> {
  const transfer = await deps.store.get<Transfer>('transfers', schoolId, target.transferId);
  if (!transfer) throw new DomainError('transfer-missing', 'That transfer could not be found.');
  const files = await filesOf(deps, transfer);
  await recordAudit(deps, { schoolId, actor: link.issuedTo, action: 'casefile.transfer-file', outcome: 'ok', detail: `transfer=${transfer.id} file=${target.file} via=link` });
  return target.file === 'pdf'
    ? { fileName: files.names.pdf, contentType: 'application/pdf', bytes: Buffer.from(files.pdf) }
    : { fileName: files.names.json, contentType: 'application/json', bytes: Buffer.from(files.json, 'utf8') };
}

async function redeemExportLink(deps: CoreDeps, schoolId: string, link: EvidenceLinkRecord): Promise<LinkedFile> {
  const school = findSchool(deps.pack, schoolId);
  const incident = school && link.linkIncidentId ? await deps.store.get<Incident>('incidents', schoolId, link.linkIncidentId) : undefined;
  if (!school || !incident) throw new DomainError('incident-missing', 'That incident could not be found.');
  const made = await makeIncidentExport(deps, school, incident, link.issuedTo.name);
  await recordAudit(deps, { schoolId, actor: link.issuedTo, action: 'incident.export', outcome: 'ok', incidentId: incident.id, detail: 'via=link' });
  return { fileName: made.fileName, contentType: 'application/pdf', bytes: Buffer.from(made.pdf) };
}

/**
 * For an incident's lead (checked and audited as an export): a one-time link that downloads the
 * incident's record as a PDF within the next few minutes, for a chat that cannot take a file.
 */
export async function issueIncidentExportLink(deps: CoreDeps, actor: Actor, request: { schoolId: string; incidentId: string }): Promise<{ url: string; minutes: number; made: IncidentExport }> {
  const made = await exportIncident(deps, actor, request);
  const secret = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + EVIDENCE_LINK_MINUTES * 60_000).toISOString();
  await deps.store.create<EvidenceLinkRecord>('evidence', {
    id: linkId(secret),
    schoolId: made.incident.schoolId,
    kind: 'open-link',
    incidentExport: true,
    linkIncidentId: made.incident.id,
    issuedTo: actorRef(actor),
    expiresAt,
  });
  const token = `${made.incident.schoolId}.${secret}`;
  return { url: evidenceLinkUrl(deps.evidenceLinkBaseUrl ?? 'http://127.0.0.1:3978', token), minutes: EVIDENCE_LINK_MINUTES, made };
}

/**
 * For the DSL or a deputy who has just made a transfer (checked and audited as a read of its files): a
 * one-time link that downloads its PDF or JSON copy within the next few minutes, for a chat that cannot
 * take a file (the Agents Playground has no file consent). The link record holds ids only; the file is
 * made again from the transfer log when the link is used.
 */
export async function issueTransferFileLink(deps: CoreDeps, actor: Actor, request: { schoolId: string; transferId: string; file: 'pdf' | 'json' }): Promise<{ url: string; minutes: number }> {
  const files = await readTransferFiles(deps, actor, request);
  const secret = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + EVIDENCE_LINK_MINUTES * 60_000).toISOString();
  await deps.store.create<EvidenceLinkRecord>('evidence', {
    id: linkId(secret),
    schoolId: files.transfer.schoolId,
    kind: 'open-link',
    transfer: { transferId: files.transfer.id, file: request.file },
    issuedTo: actorRef(actor),
    expiresAt,
  });
  const token = `${files.transfer.schoolId}.${secret}`;
  return { url: evidenceLinkUrl(deps.evidenceLinkBaseUrl ?? 'http://127.0.0.1:3978', token), minutes: EVIDENCE_LINK_MINUTES };
}
