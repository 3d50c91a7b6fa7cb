/**
 * A subject access request about a child (made by the child or a parent, handled by the school's data
 * protection officer): the child's register entry, every incident that names them with their part, the
 * evidence records of those incidents (what was kept, never the files themselves) and any transfer of
 * their file, as one JSON document. The export is audited (ids and counts only). A child's safeguarding
 * records are not erased on request: they are kept for the school's retention period (see retention).
 */
import type { Doc, Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, NotFoundError } from '../errors';
import type { Incident } from '../incidents/incident';
import { findSchool } from '../people/resolve-school';
import { foldForSearch } from '../pupils/find-pupils';
import type { PupilLink } from '../pupils/pupil-link';
import { type Pupil, displayNameOf, isUpn } from '../pupils/pupil-record';

/** Everything held about one child at one school. */
export interface PupilAccessExport {
  request: { school: string; pupil: string; generatedAt: string; generatedBy: string };
  counts: { register: number; links: number; incidents: number; evidence: number; transfers: number };
  notes: string[];
  records: {
    register: Pupil[];
    /** Each incident that names the child, with their part in it (and any correction of it). */
    incidents: Array<{ link: PupilLink; record: Incident }>;
    evidence: Doc[];
    transfers: Doc[];
  };
}

/** What the DPO must do before disclosing anything about a child, included in every export. */
export const PUPIL_ACCESS_NOTES = [
  'Review before disclosure: these incidents also hold information about other children, their families and staff. Redact it, or decide on an exemption, before anything is released.',
  'Child protection records may be withheld in part where disclosure would be likely to cause serious harm to the child or another person, or would prejudice the prevention or detection of crime; take safeguarding and legal advice first, with the DSL.',
  'Evidence is listed by its record (name, type, size, SHA-256, who added it); the files themselves stay in the evidence store and are not copied into this export.',
  "A child's safeguarding records are not erased on request: they are kept for the school's retention period.",
];

function strip<T extends Doc>(doc: Stored<T>): T {
  const { _etag, ...rest } = doc;
  return rest as unknown as T;
}

/** The one register entry `asked` names: a UPN, an MIS id, or a name that matches exactly one child (current or left). */
export async function findOnePupil(deps: CoreDeps, schoolId: string, asked: string): Promise<Pupil> {
  const text = asked.trim();
  if (!text || text.length > 200) throw new DomainError('invalid-input', 'Give the pupil’s UPN, MIS id or full name.');
  const all = await deps.store.query<Pupil>('pupils', { schoolId });
  const upper = text.toUpperCase();
  const byId = all.filter((p) => (isUpn(upper) && p.upn === upper) || p.misId?.toLowerCase() === text.toLowerCase());
  if (byId.length === 1) return byId[0] as Pupil;
  const folded = foldForSearch(text);
  const byName = all.filter((p) => [displayNameOf(p), `${p.forename} ${p.surname}`].some((n) => foldForSearch(n) === folded));
  if (byName.length === 1) return byName[0] as Pupil;
  if (byName.length > 1) throw new DomainError('invalid-input', `${byName.length} pupils in the register have that name: give the UPN or MIS id instead.`);
  throw new DomainError('not-found', 'No pupil in the register has that UPN, MIS id or name (current pupils and leavers were searched).');
}

/** Everything held about the child at the school, for the DPO to review before disclosure. The export is audited. */
export async function exportPupilData(deps: CoreDeps, schoolId: string, asked: string, operator: string): Promise<PupilAccessExport> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new NotFoundError('school');
  const pupil = await findOnePupil(deps, school.id, asked);
  const links = (await deps.store.query<PupilLink>('links', { schoolId: school.id, where: [{ field: 'pupilId', op: '=', value: pupil.id }] })).map(strip);
  const incidents: PupilAccessExport['records']['incidents'] = [];
  const evidence: Doc[] = [];
  for (const link of links) {
    const incident = await deps.store.get<Incident>('incidents', school.id, link.incidentId);
    if (!incident) continue;
    incidents.push({ link, record: strip(incident) });
    evidence.push(...(await deps.store.query('evidence', { schoolId: school.id, where: [{ field: 'incidentId', op: '=', value: incident.id }] })).map(strip));
  }
  const transfers = (await deps.store.query('transfers', { schoolId: school.id, where: [{ field: 'pupilId', op: '=', value: pupil.id }] })).map(strip);
  const counts = { register: 1, links: links.length, incidents: incidents.length, evidence: evidence.length, transfers: transfers.length };
  await recordAudit(deps, {
    schoolId: school.id,
    actor: { platform: 'system', userId: 'system', name: `Data protection: ${operator}` },
    action: 'data.pupil-access-export',
    outcome: 'ok',
    detail: `pupil ${pupil.id}; ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  });
  return {
    request: { school: school.name, pupil: asked, generatedAt: deps.clock.now().toISOString(), generatedBy: operator },
    counts,
    notes: PUPIL_ACCESS_NOTES,
    records: { register: [strip(pupil as Stored<Pupil>)], incidents, evidence, transfers },
  };
}
