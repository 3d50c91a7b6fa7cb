/**
 * The full record's "Evidence" and "Device custody" sections. Evidence: each file's name, type, size,
 * who added it and when, and the start of its SHA-256, with an "Open" button per file for those who may
 * read the full record; "Add evidence" says how (files are sent to the bot, never picked from a card);
 * for a procedure that takes no files, why not. Device custody: the log of a seized device, with
 * "Record device custody" for the incident's leads.
 */
import { mayLead, mayRead } from '../assignments/who-may';
import { isOpen } from '../incidents/incident';
import { formatLondon, formatWallClock } from '../text/time-words';
import { evidencePolicy } from './add-evidence';
import { EVIDENCE_TYPES, EVIDENCE_TYPES_WORDS, type EvidenceRecord, sizeWords } from './evidence-record';
import type { CaseSection, SectionBuilder } from './record-sections';

/** The evidence buttons: open one file (ref = its evidence id), and how to add one. */
export const EVIDENCE_ACTIONS = { open: 'evidence-open', how: 'evidence-how' } as const;
/** The custody buttons: open the form, and save it. */
export const CUSTODY_ACTIONS = { form: 'custody-form', save: 'custody-save' } as const;

/** How a file is added, for this report. */
export function howToAddEvidence(reference: string): string {
  return `Send the file to me in this chat with ${reference} in the message. I take ${EVIDENCE_TYPES_WORDS} files; the file is kept with the case, never shown in a channel.`;
}

const typeLabel = (contentType: string) => EVIDENCE_TYPES.find((t) => t.contentType === contentType)?.label ?? contentType;

/** The evidence section for a reader of the full record. */
export const evidenceSection: SectionBuilder = async (deps, school, incident, actor) => {
  const files = await deps.store.query<EvidenceRecord>('evidence', {
    schoolId: incident.schoolId,
    where: [{ field: 'incidentId', op: '=', value: incident.id }],
    orderBy: { field: 'addedAt', direction: 'asc' },
  });
  const policy = evidencePolicy(deps, incident);
  const readers = mayRead(deps.pack, school, incident, actor);
  const section: CaseSection = {
    id: 'evidence',
    heading: 'Evidence',
    lines: files.map((f) => ({
      text: `${f.fileName} · ${typeLabel(f.contentType)}, ${sizeWords(f.size)} · added by ${f.addedBy.name}, ${formatLondon(f.addedAt)}`,
      detail: `SHA-256 ${f.sha256.slice(0, 16)}…`,
    })),
    emptyLine: policy.allowed ? 'No files added yet.' : `Files are not kept for this kind of report. ${policy.reason}`,
    actions: [
      ...(readers ? files.slice(0, 20).map((f, i) => ({ action: EVIDENCE_ACTIONS.open, label: files.length > 1 ? `Open file ${i + 1}` : 'Open', ref: f.id })) : []),
      ...(policy.allowed && isOpen(incident) ? [{ action: EVIDENCE_ACTIONS.how, label: 'Add evidence' }] : []),
    ],
  };
  return section;
};

/** The device-custody section: the log for every reader, the form's button for the incident's leads. */
export const custodySection: SectionBuilder = async (deps, school, incident, actor) => ({
  id: 'custody',
  heading: 'Device custody',
  lines: (incident.custody ?? []).map((c) => ({
    text: `${formatWallClock(c.at)} · ${c.device}: taken by ${c.takenBy} from ${c.from}, to ${c.to}`,
    detail: [c.note, `Recorded by ${c.recordedBy.name}, ${formatLondon(c.recordedAt)}`].filter(Boolean).join(' · '),
  })),
  emptyLine: 'No seized device recorded.',
  actions: mayLead(deps.pack, school, incident, actor) && isOpen(incident) ? [{ action: CUSTODY_ACTIONS.form, label: 'Record device custody' }] : [],
});
