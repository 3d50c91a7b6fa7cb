/**
 * A child's file: finding the child (`pupil <name>`) and putting their file together from the store:
 * every incident a live link names them in, with their part; each incident's chronology (notes,
 * decisions, referrals, sharing), its tasks and its evidence (file names only, never content); the
 * child's transfers; and corrections to their links (a removal shows as an entry, and the incident it
 * took them off is no longer in the file). Only the roles the school's pack names may open it (the DSL
 * and deputies by default); every open and every refusal is audited with the pupil's id only. An
 * incident the reader may be the subject of is left out of their view of the file.
 */
import type { Doc } from '../../ports/document-store';
import { mayBeSubject } from '../assignments/who-may';
import { taskStatus } from '../assignments/incident-task';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, NotFoundError, NotPermittedError } from '../errors';
import type { Incident } from '../incidents/incident';
import { CHRONOLOGY_WORDS, humanize } from '../incidents/incident-words';
import { type Actor, actorRef, rolesOf } from '../people/actor';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import { findSchool } from '../people/resolve-school';
import type { RoleKey, School } from '../policy/schema';
import { type PupilMatch, findPupils, foldForSearch } from '../pupils/find-pupils';
import type { PupilLink } from '../pupils/pupil-link';
import { type Pupil, displayNameOf } from '../pupils/pupil-record';
import { formatLondon } from '../text/time-words';
import type { ChildFile, ChildFileEntry, ChildFileEntryKind, ChildFileIncident } from './child-file';

/** Who may open a child's file when the pack does not say: the DSL and the deputies. */
export const DEFAULT_CHILD_FILE_READERS: readonly RoleKey[] = ['dsl', 'deputy-dsl'];

/** The longest search text the `pupil` command takes. */
export const MAX_PUPIL_SEARCH = 100;

/** The most matches the choice of pupils offers (a card or a modal); more means "type more of the name". */
export const MAX_FILE_MATCHES = 12;

/** The roles that may open a child's file at this school (the pack's `childFile.readers`). */
export function childFileReaders(school: School): readonly RoleKey[] {
  return school.childFile?.readers ?? DEFAULT_CHILD_FILE_READERS;
}

/** True when the actor holds one of the roles the school lets open a child's file. */
export function mayOpenChildFile(school: School, actor: Actor): boolean {
  const readers = childFileReaders(school);
  return rolesOf(actor, school).some((r) => readers.includes(r));
}

async function refuse(deps: CoreDeps, school: School, actor: Actor, detail: string): Promise<never> {
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'pupil.file-open', outcome: 'refused', detail: detail.slice(0, 80) });
  throw new NotPermittedError("open a child's file");
}

/** Refuses (and audits) a child's file asked for where others could see it (a Teams channel): it opens only in a 1:1 chat. */
export async function refuseChildFileHere(deps: CoreDeps, actor: Actor, schoolId: string): Promise<void> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new NotFoundError('school');
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'pupil.file-open', outcome: 'refused', detail: 'not-private' });
}

/** The result of looking a child up by what was typed: none, one (open it), or several to choose from. */
export type PupilLookup = { kind: 'none'; text: string } | { kind: 'one'; pupilId: string } | { kind: 'several'; matches: PupilMatch[]; more: boolean };

/**
 * Looks a child up for a permitted reader (others are refused and audited). Text that is empty or too
 * long is refused in plain words. The matches carry names: they go to the person asking only.
 */
export async function findPupilForFile(deps: CoreDeps, actor: Actor, request: { schoolId: string; text: string }): Promise<PupilLookup> {
  const school = findSchool(deps.pack, request.schoolId);
  if (!school) throw new NotFoundError('school');
  if (!mayOpenChildFile(school, actor)) return refuse(deps, school, actor, 'search');
  const text = request.text.trim();
  if (!text) throw new DomainError('invalid-input', 'Please type part of the pupil\'s name or class after "pupil", for example: pupil Jamie.');
  if (text.length > MAX_PUPIL_SEARCH) throw new DomainError('invalid-input', `Please type at most ${MAX_PUPIL_SEARCH} characters of the name.`);
  const current = await findPupils(deps, school.id, text, MAX_FILE_MATCHES + 1);
  // A child who has left keeps their file (it may still have to go to their new school): found too, after current pupils.
  const matches = current.length > MAX_FILE_MATCHES ? current : [...current, ...(await findLeavers(deps, school.id, text, MAX_FILE_MATCHES + 1 - current.length))];
  if (!matches.length) return { kind: 'none', text };
  if (matches.length === 1) return { kind: 'one', pupilId: (matches[0] as PupilMatch).id };
  return { kind: 'several', matches: matches.slice(0, MAX_FILE_MATCHES), more: matches.length > MAX_FILE_MATCHES };
}

/** Leavers whose names or class contain every word typed (the register's search covers current pupils only), marked "(left)". */
async function findLeavers(deps: CoreDeps, schoolId: string, text: string, limit: number): Promise<PupilMatch[]> {
  const words = foldForSearch(text).split(' ').filter(Boolean);
  if (!words.length || limit < 1) return [];
  const left = await deps.store.query<Pupil>('pupils', { schoolId, where: [{ field: 'status', op: '=', value: 'left' }] });
  return left
    .filter((p) => {
      const hay = foldForSearch([p.forename, p.preferredName, p.surname, p.registrationGroup].filter(Boolean).join(' '));
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.surname.localeCompare(b.surname) || a.forename.localeCompare(b.forename))
    .slice(0, limit)
    .map((p) => ({ id: p.id, displayName: `${displayNameOf(p)} (left)`, yearGroup: p.yearGroup, ...(p.registrationGroup && { registrationGroup: p.registrationGroup }) }));
}

/** What kind of child's-file entry an incident's chronology action is. */
function kindOf(action: string): ChildFileEntryKind {
  if (action === 'note') return 'note';
  if (action.startsWith('refer') || action === 'lado-contact') return 'referral';
  if (action.startsWith('task-')) return 'task';
  if (action.startsWith('share')) return 'sharing';
  if (action.startsWith('evidence') || action.startsWith('device')) return 'evidence';
  if (action.startsWith('transfer')) return 'transfer';
  if (action.startsWith('pupil') || action.startsWith('link')) return 'link';
  if (action === 'reported' || action === 'routed' || action === 'told' || action === 'team-unreachable') return 'other';
  return 'decision';
}

/** An evidence record as the file lists it: what and when, never its content. */
interface EvidenceDoc extends Doc {
  incidentId: string;
  fileName?: string;
  addedBy?: { name?: string };
  addedAt?: string;
}

/** A transfer record as the file lists it (the transfer module owns its full shape). */
interface TransferDoc extends Doc {
  pupilId: string;
  toSchool?: string | { name?: string };
  by?: { name?: string };
  madeBy?: { name?: string };
  at?: string;
  madeAt?: string;
  transferredAt?: string;
  createdAt?: string;
  receivedAt?: string;
  receipt?: { recordedAt?: string; receivedOn?: string };
}

function incidentEntries(incident: Incident, part: ChildFileIncident['part']): ChildFileEntry[] {
  const about = { incidentId: incident.id, reference: incident.reference };
  // What was reported is the heart of a child protection file: the account goes in, as the reporter wrote it
  // (schools that ask for initials get initials). The DSL checks it for other children before it leaves the school.
  const account = incident.details.description?.trim();
  const entries: ChildFileEntry[] = [
    {
      ...about,
      at: incident.reportedAt,
      kind: 'incident',
      heading: `${incident.procedureTitle} reported (${PUPIL_PART_WORDS[part]})`,
      ...(account && { detail: account }),
      by: incident.reporter.name,
    },
  ];
  for (const c of incident.chronology) {
    if (c.action === 'reported') continue;
    entries.push({ ...about, at: c.at, kind: kindOf(c.action), heading: CHRONOLOGY_WORDS[c.action] ?? humanize(c.action), ...(c.detail && { detail: c.detail }), by: c.by.name });
  }
  for (const t of incident.tasks) {
    if (t.ownerRole === 'reporter') continue;
    const status = taskStatus(t);
    entries.push({
      ...about,
      at: incident.shares?.find((s) => s.taskId === t.id)?.sharedAt ?? incident.reportedAt,
      kind: 'task',
      heading: `Task set: ${t.text}`,
      detail: `Due ${formatLondon(t.due)}; ${status === 'open' ? 'open' : status === 'done' ? 'done' : 'not needed'}`,
      by: t.ownerName ?? 'eSafety bot',
    });
  }
  return entries;
}

function linkEntries(link: PupilLink, reference: string): ChildFileEntry[] {
  const words = (p: PupilLink['part'] | 'removed') => (p === 'removed' ? 'removed' : PUPIL_PART_WORDS[p]);
  return link.history.map((h) => ({
    at: h.at,
    kind: 'link' as const,
    incidentId: link.incidentId,
    reference,
    heading:
      h.to === 'removed' ? `Taken off ${reference}` : h.from === 'removed' ? `Put back on ${reference} (${words(h.to)})` : `Part in ${reference} changed from ${words(h.from)} to ${words(h.to)}`,
    detail: h.reason,
    by: h.by.name,
  }));
}

function transferEntry(t: TransferDoc): ChildFileEntry {
  const to = typeof t.toSchool === 'string' ? t.toSchool : t.toSchool?.name;
  return {
    at: t.transferredAt ?? t.madeAt ?? t.at ?? t.createdAt ?? '',
    kind: 'transfer',
    heading: to ? `File transferred to ${to}` : 'File transferred',
    ...(t.receipt?.receivedOn ? { detail: `Received on ${t.receipt.receivedOn}` } : t.receivedAt ? { detail: `Receipt recorded ${formatLondon(t.receivedAt)}` } : {}),
    by: t.by?.name ?? t.madeBy?.name ?? 'eSafety bot',
  };
}

/**
 * The child's file for a permitted reader, entries oldest first (time order, as a chronology is
 * read and printed; screens page it newest first). Refused and audited for anyone else; the open is
 * audited with the pupil's id only.
 */
export async function openChildFile(deps: CoreDeps, actor: Actor, request: { schoolId: string; pupilId: string }): Promise<ChildFile> {
  const school = findSchool(deps.pack, request.schoolId);
  if (!school) throw new NotFoundError('school');
  if (!mayOpenChildFile(school, actor)) return refuse(deps, school, actor, request.pupilId);
  const pupil = await deps.store.get<Pupil>('pupils', school.id, request.pupilId);
  if (!pupil) throw new NotFoundError('pupil');

  const links = await deps.store.query<PupilLink>('links', { schoolId: school.id, where: [{ field: 'pupilId', op: '=', value: pupil.id }] });
  const incidents: ChildFileIncident[] = [];
  const entries: ChildFileEntry[] = [];
  for (const link of links) {
    const incident = await deps.store.get<Incident>('incidents', school.id, link.incidentId);
    // A case the reader may be the subject of is not theirs to see, even from the child's side.
    if (!incident || mayBeSubject(deps.pack, school, incident, actor)) continue;
    entries.push(...linkEntries(link, incident.reference));
    if (link.removedAt) continue;
    incidents.push({
      incidentId: incident.id,
      reference: incident.reference,
      procedureId: incident.procedureId,
      procedureTitle: incident.procedureTitle,
      part: link.part,
      status: incident.status,
      reportedAt: incident.reportedAt,
    });
    entries.push(...incidentEntries(incident, link.part));
    const evidence = await deps.store.query<EvidenceDoc>('evidence', { schoolId: school.id, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
    for (const e of evidence) {
      entries.push({
        at: e.addedAt ?? incident.reportedAt,
        kind: 'evidence',
        incidentId: incident.id,
        reference: incident.reference,
        heading: `Evidence added: ${e.fileName ?? 'a file'}`,
        by: e.addedBy?.name ?? 'Unknown',
      });
    }
  }
  const transfers = await deps.store.query<TransferDoc>('transfers', { schoolId: school.id, where: [{ field: 'pupilId', op: '=', value: pupil.id }] });
  entries.push(...transfers.map(transferEntry));

  incidents.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt) || a.reference.localeCompare(b.reference));
  // Stable: entries made at the same moment keep the order they happened in within their incident.
  entries.sort((a, b) => a.at.localeCompare(b.at));
  const now = deps.clock.now().toISOString();
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'pupil.file-open', outcome: 'ok', detail: pupil.id });
  return {
    schoolId: school.id,
    schoolName: school.name,
    pupil: {
      id: pupil.id,
      name: displayNameOf(pupil),
      yearGroup: pupil.yearGroup,
      ...(pupil.registrationGroup && { registrationGroup: pupil.registrationGroup }),
      ...(pupil.upn && school.childFile?.showUpn && { upn: pupil.upn }),
      ...(pupil.dateOfBirth && { dateOfBirth: pupil.dateOfBirth }),
      left: pupil.status === 'left',
    },
    incidents,
    entries,
    madeAt: now,
    madeFor: actor.name,
  };
}
