/**
 * `addEvidence`: a file sent to the bot becomes evidence on a case. Everything that can refuse it is
 * checked before a byte is fetched: the report (by its reference, in the sender's school), who is adding
 * (its reporter, or someone who may read its full record), whether its procedure takes files at all, the
 * type and size the platform claims. Only then does core ask the adapter to download, with a byte cap;
 * the bytes' own type (magic numbers) must match, the SHA-256 is taken on them, the file is stored and
 * then its record, and only then is the person told. A refusal keeps nothing (not the name either), says
 * so, and is audited with codes only.
 */
import { createHash } from 'node:crypto';
import { ConflictError, type Stored } from '../../ports/document-store';
import { mayRead } from '../assignments/who-may';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, NotFoundError, NotPermittedError } from '../errors';
import { queueCardUpdate } from '../incidents/act-on-incident';
import { type Incident, isOpen } from '../incidents/incident';
import { reloadAfterLostRace } from '../incidents/write-conflicts';
import { type Actor, actorRef } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { DEFAULT_EVIDENCE_MAX_BYTES, EVIDENCE_TYPES_WORDS, type EvidenceRecord, type EvidenceSource, claimedEvidenceType, sizeWords, sniffEvidenceType } from './evidence-record';

/** What the platform says about a file before it is downloaded (all of it untrusted). */
export interface EvidenceOffer {
  schoolId: string;
  /** The report's reference as the person wrote it ("ES-2026-0003"). */
  reference: string;
  fileName: string;
  /** The platform's own word for the type ("png", "image/png"), when it gives one. */
  claimedType?: string;
  /** The size the platform gives, when it gives one (Slack does; Teams does not). */
  claimedSize?: number;
  source: EvidenceSource;
  /** The platform's id for this file in this message (a retry of the same message gives the same id). */
  sourceId: string;
}

/** Fetches the file's bytes, giving up (with `FileTooLargeError`) past `maxBytes`. Called only once every check has passed. */
export type EvidenceDownload = (maxBytes: number) => Promise<Uint8Array>;

/** Thrown by a download that passed its byte cap while streaming. */
export class FileTooLargeError extends Error {
  readonly code = 'too-large';
}

/** A refusal of a file: the person hears why, and that nothing of it was kept. */
export class EvidenceRefusedError extends DomainError {
  constructor(
    readonly reason: string,
    words: string,
  ) {
    super('evidence-refused', `${words} Nothing of the file was kept.`);
  }
}

/** A reference as the product makes them: letters, the year, a number (`ES-2026-0003`). */
const REFERENCE = /\b([A-Z][A-Z0-9]{0,9}-\d{4}-\d{4,6})\b/i;

/** The first report reference in a message's text, upper-cased, if there is one. */
export function referenceIn(text: string | undefined): string | undefined {
  return REFERENCE.exec(text ?? '')?.[1]?.toUpperCase();
}

/** True when the actor reported this incident (their own report, on the platform they reported it on). */
export function isReporter(incident: Pick<Incident, 'reporter'>, actor: Actor): boolean {
  return incident.reporter.platform === actor.platform && [actor.userId, ...(actor.aliases ?? [])].includes(incident.reporter.userId);
}

/** True when the actor may add evidence to the incident: its reporter, or anyone who may read its full record. */
export function mayAddEvidence(deps: CoreDeps, school: School, incident: Incident, actor: Actor): boolean {
  return isReporter(incident, actor) || mayRead(deps.pack, school, incident, actor);
}

/** Whether the incident's procedure takes files, and if not, why (in the procedure's own words). */
export function evidencePolicy(deps: CoreDeps, incident: Pick<Incident, 'procedureId'>): { allowed: true } | { allowed: false; reason: string } {
  const procedure = deps.pack.procedures.find((p) => p.id === incident.procedureId);
  if (procedure?.evidenceUploads === 'allowed') return { allowed: true };
  return { allowed: false, reason: procedure?.evidenceRefusalReason ?? procedure?.noUploads?.reason ?? 'Files are not kept for this kind of report. Write what you saw in a note instead.' };
}

/** The open incident with this reference at the school, if there is one (one partition, one indexed field). */
export async function incidentByReference(deps: CoreDeps, schoolId: string, reference: string): Promise<Stored<Incident> | undefined> {
  const found = await deps.store.query<Incident>('incidents', { schoolId, where: [{ field: 'reference', op: '=', value: reference }], limit: 1 });
  return found[0];
}

/** The evidence id for a file from one platform message: the same file sent once, retried, is added once. */
export function evidenceIdFor(incidentId: string, source: EvidenceSource, sourceId: string): string {
  return `ev-${createHash('sha256').update(`${incidentId}\n${source}\n${sourceId}`).digest('hex').slice(0, 32)}`;
}

/** The open incidents the actor may add evidence to, newest first (their own reports and those they may read). At most 10. */
export async function evidenceTargets(deps: CoreDeps, actor: Actor, schoolId: string): Promise<Array<{ reference: string; title: string }>> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) return [];
  const open = await deps.store.query<Incident>('incidents', {
    schoolId,
    where: [{ field: 'status', op: 'in', value: ['reported', 'acknowledged', 'in-progress', 'referred', 'not-referred'] }],
    orderBy: { field: 'reportedAt', direction: 'desc' },
  });
  return open
    .filter((i) => mayAddEvidence(deps, school, i, actor) && evidencePolicy(deps, i).allowed)
    .slice(0, 10)
    .map((i) => ({ reference: i.reference, title: i.procedureTitle }));
}

async function refuse(deps: CoreDeps, actor: Actor, incident: Incident, code: string, words: string): Promise<never> {
  await recordAudit(deps, { schoolId: incident.schoolId, actor: actorRef(actor), action: 'evidence.add', outcome: 'refused', incidentId: incident.id, detail: code });
  throw new EvidenceRefusedError(code, words);
}

/** What the person is told once the file and its record are stored. */
export interface AddedEvidence {
  reference: string;
  record: EvidenceRecord;
  /** True when this very file had been added already (a retry): nothing new was stored. */
  already: boolean;
}

/** Adds one file to a case, or refuses it (audited) having kept nothing. See the module comment for the order of checks. */
export async function addEvidence(deps: CoreDeps, actor: Actor, offer: EvidenceOffer, download: EvidenceDownload): Promise<AddedEvidence> {
  const school = findSchool(deps.pack, offer.schoolId);
  const incident = school ? await incidentByReference(deps, offer.schoolId, offer.reference.toUpperCase()) : undefined;
  if (!school || !incident) throw new NotFoundError(`report ${offer.reference.toUpperCase()}`);
  if (!mayAddEvidence(deps, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'evidence.add', outcome: 'refused', incidentId: incident.id, detail: 'not-permitted' });
    throw new NotPermittedError('add evidence to this report');
  }
  const policy = evidencePolicy(deps, incident);
  if (!policy.allowed) return refuse(deps, actor, incident, 'procedure-refuses-files', `Files cannot be added to ${incident.reference}. ${policy.reason}`);
  if (!isOpen(incident)) return refuse(deps, actor, incident, 'incident-closed', `${incident.reference} is closed, so files can no longer be added to it.`);
  const maxBytes = deps.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;
  const claimed = claimedEvidenceType(offer.fileName, offer.claimedType);
  if (!claimed) return refuse(deps, actor, incident, 'type-not-accepted', `That kind of file is not accepted. Send ${EVIDENCE_TYPES_WORDS}.`);
  if (offer.claimedSize !== undefined && offer.claimedSize > maxBytes) {
    return refuse(deps, actor, incident, 'too-large', `That file is ${sizeWords(offer.claimedSize)}; the most accepted is ${sizeWords(maxBytes)}.`);
  }
  if (!deps.files) return refuse(deps, actor, incident, 'no-file-store', 'Evidence files cannot be kept by this installation yet.');

  const id = evidenceIdFor(incident.id, offer.source, offer.sourceId);
  const earlier = await deps.store.get<EvidenceRecord>('evidence', school.id, id);
  if (earlier) return { reference: incident.reference, record: earlier, already: true };

  let bytes: Uint8Array;
  try {
    bytes = await download(maxBytes);
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    if (error instanceof FileTooLargeError || code === 'too-large') return refuse(deps, actor, incident, 'too-large', `That file is larger than the most accepted, ${sizeWords(maxBytes)}.`);
    if (code === 'download-refused') return refuse(deps, actor, incident, 'download-refused', 'That file could not be fetched from where it was sent from. Please send it again.');
    throw error;
  }
  if (bytes.length > maxBytes) return refuse(deps, actor, incident, 'too-large', `That file is larger than the most accepted, ${sizeWords(maxBytes)}.`);
  const actual = sniffEvidenceType(bytes);
  if (!actual) return refuse(deps, actor, incident, 'type-not-accepted', `That file's contents are not ${EVIDENCE_TYPES_WORDS}.`);
  if (actual.id !== claimed.id) return refuse(deps, actor, incident, 'type-mismatch', `That file is named as ${claimed.label} but its contents are ${actual.label}. Send it with its proper name.`);

  const now = deps.clock.now().toISOString();
  const record: EvidenceRecord = {
    id,
    schoolId: school.id,
    incidentId: incident.id,
    fileName: offer.fileName.slice(0, 200),
    contentType: actual.contentType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    addedBy: actorRef(actor),
    addedAt: now,
    storageKey: `${school.id}/${id}`,
    source: offer.source,
  };
  // The bytes first, then the record that points at them: a crash between leaves an unlisted file, never a record without its file.
  await deps.files.put(record.storageKey, bytes, record.contentType);
  try {
    await deps.store.create<EvidenceRecord>('evidence', record);
  } catch (error) {
    if (error instanceof ConflictError) {
      const saved = await deps.store.get<EvidenceRecord>('evidence', school.id, id);
      if (saved) return { reference: incident.reference, record: saved, already: true };
    }
    await deps.files.delete(record.storageKey).catch(() => undefined);
    throw error;
  }
  await noteInChronology(deps, actor, incident, `${record.fileName} (${actual.label}, ${sizeWords(record.size)}, SHA-256 ${record.sha256.slice(0, 12)}…)`, 'evidence-added');
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'evidence.add', outcome: 'ok', incidentId: incident.id, detail: `evidence=${id} type=${actual.id}` });
  return { reference: incident.reference, record, already: false };
}

/** Adds a chronology entry to the incident (etag-checked, retried on a lost race) and redraws its posted cards. */
export async function noteInChronology(
  deps: CoreDeps,
  actor: Actor,
  start: Stored<Incident>,
  detail: string,
  action: string,
  change: (i: Incident) => Partial<Incident> = () => ({}),
): Promise<Stored<Incident>> {
  let incident = start;
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const { _etag, ...body } = incident;
    const next: Incident = { ...body, ...change(body), chronology: [...body.chronology, { at: now.toISOString(), by: actorRef(actor), action, detail }] };
    try {
      const saved = await deps.store.replace<Incident>('incidents', next, _etag);
      await queueCardUpdate(deps, saved, now);
      return saved;
    } catch (error) {
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}
