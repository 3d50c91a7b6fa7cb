/**
 * A subject access request: everything held about a named person, as one JSON document for the
 * school's data protection officer. The export is audited. It is not for sending as it stands:
 * incident records also hold information about other people (pupils, colleagues), which the DPO
 * reviews and redacts before anything is disclosed, and the notes say so.
 */
import type { CoreDeps } from '../deps';
import { recordAudit } from '../audit/audit-log';
import { NotFoundError } from '../errors';
import { findSchool } from '../people/resolve-school';
import { findPerson } from './find-person';
import { type PersonRecords, collectPersonRecords, countRecords } from './person-records';

/** A subject access export: the request, everything the person was found under, counts, notes for the DPO and the records. */
export interface SubjectAccessExport {
  request: { school: string; person: string; generatedAt: string; generatedBy: string };
  /** Everything the person was found under. */
  knownAs: { names: string[]; emails: string[]; chatIds: string[]; registerIds: string[] };
  counts: Record<keyof PersonRecords, number>;
  notes: string[];
  records: PersonRecords;
}

/** What the DPO must do before disclosing anything, included in every export. */
export const SAR_NOTES = [
  'Review before disclosure: incident records include information about other people (pupils, parents, colleagues). Redact it, or decide on an exemption, before anything is released.',
  'Safeguarding records may be withheld in part where disclosure would be likely to cause serious harm or would prejudice the prevention or detection of crime; take advice before releasing them.',
  '"named-in-text" means the person\'s name appears in something someone wrote; check each one is really about them.',
  'The audit trail lists what they did in the bot. Reads of full records by others are in the audit trail of each incident, not here.',
  'Evidence lists the records of files they added (name, type, size, SHA-256), not the files: fetch a file from the evidence store by its storageKey only if it is to be disclosed.',
  "Transfers list the child's files they handed on, without the child's file itself: that is the child's record, not theirs.",
];

/** Everything held about the person at the school, for the DPO to review before disclosure. The export is audited. */
export async function exportPersonData(deps: CoreDeps, schoolId: string, asked: string, operator: string): Promise<SubjectAccessExport> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new NotFoundError('school');
  const who = await findPerson(deps, school, asked);
  const records = await collectPersonRecords(deps, school.id, who);
  const counts = countRecords(records);
  const now = deps.clock.now().toISOString();
  await recordAudit(deps, {
    schoolId: school.id,
    actor: { platform: 'system', userId: 'system', name: `Data protection: ${operator}` },
    action: 'data.subject-access-export',
    outcome: 'ok',
    detail: `register ids ${[...who.personIds].join(' ') || 'none'}; ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  });
  return {
    request: { school: school.name, person: asked, generatedAt: now, generatedBy: operator },
    knownAs: { names: [...who.shownNames], emails: [...who.emails], chatIds: [...who.chatIds], registerIds: [...who.personIds] },
    counts,
    notes: SAR_NOTES,
    records,
  };
}
