/**
 * `exportIncident`: one incident's record as a PDF, for a request from the police or the LADO. For the
 * incident's leads only (a refusal is audited); every export is audited with the incident's id.
 *
 * It holds that one incident and no other. Children are named only by their part ("Pupil 1: harmed or
 * at risk"), never by name, and the report's pupils field (names or initials) is left out: the request
 * is about what happened, the school gives a child's identity to the agency through its own
 * information-sharing route, and a file that leaves the school should name no child it does not need
 * to (UK GDPR data minimisation), so a copy forwarded or sent to the wrong place names none. The written
 * accounts are printed as staff wrote them, so the PDF says to check them for names before sending.
 */
import type { PrintDocument, PrintSection } from '../../ports/print-document';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { describeFullRecord } from '../incidents/full-record-view';
import type { Incident } from '../incidents/incident';
import { recordNames } from '../incidents/record-names';
import { type Actor, actorRef } from '../people/actor';
import { PUPIL_PART_WORDS } from '../people/pupil-part';
import { findSchool, resolveSchool } from '../people/resolve-school';
import type { RoleKey, School } from '../policy/schema';
import type { PupilLink } from '../pupils/pupil-link';
import { mayLead } from '../assignments/who-may';
import { FILE_AUTHOR } from './transfer-document';

/** The roles that usually lead an incident, for the help's words; the use case checks each incident's own leads (`mayLead`). */
export const INCIDENT_LEAD_ROLES: readonly RoleKey[] = ['dsl', 'deputy-dsl', 'head'];

/** An incident reference as people type it (`ES-2026-0003`). */
const REFERENCE = /^[A-Z]{1,10}-\d{4}-\d{1,6}$/;

/** What to print the export for: an incident by the reference typed, or by its id (from a button or a file card). */
export interface ExportRequest {
  schoolId?: string;
  reference?: string;
  incidentId?: string;
}

/** The export: the PDF and its file name (the reference, never a name). */
export interface IncidentExport {
  incident: Pick<Incident, 'id' | 'schoolId' | 'reference'>;
  pdf: Uint8Array;
  fileName: string;
}

async function findIncident(deps: CoreDeps, school: School, request: ExportRequest): Promise<Incident> {
  if (request.incidentId) {
    const found = await deps.store.get<Incident>('incidents', school.id, request.incidentId);
    if (!found) throw new NotFoundError('incident');
    return found;
  }
  const reference = (request.reference ?? '').trim().toUpperCase();
  if (!REFERENCE.test(reference)) throw new InvalidInputError({ reference: 'Give the incident reference, like: export ES-2026-0003.' });
  const [found] = await deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'reference', op: '=', value: reference }], limit: 1 });
  if (!found) throw new NotFoundError('incident');
  return found;
}

/** The pupils linked to the incident, each named only by their part. */
function pupilsSection(links: PupilLink[]): PrintSection {
  const live = links.filter((l) => !l.removedAt).sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a.id.localeCompare(b.id));
  return {
    heading: 'Pupils (named only by their part)',
    emptyLine: 'No pupils from the register are linked to this incident.',
    lines: live.map((l, i) => ({ text: `Pupil ${i + 1}: ${PUPIL_PART_WORDS[l.part]}` })),
  };
}

/** The incident's record in words for the PDF. */
export function incidentDocument(incident: Incident, school: School, deps: Pick<CoreDeps, 'pack'>, links: PupilLink[], madeAt: string, madeBy: string): PrintDocument {
  const view = describeFullRecord({ ...incident, details: { ...incident.details, pupils: undefined } }, school.name, recordNames(deps.pack, school, incident));
  const sections: PrintSection[] = [
    { heading: 'Summary', lines: view.summary.map((s) => ({ text: `${s.title}: ${s.value}` })) },
    pupilsSection(links),
    { heading: view.headings.details, lines: view.details.map((d) => ({ text: d.label, detail: d.value })), emptyLine: 'Nothing was written.' },
    { heading: view.headings.answers, lines: view.answers.map((a) => ({ text: `${a.label}: ${a.value}` })), emptyLine: 'None.' },
    { heading: view.headings.referrals, lines: view.referrals.map((r) => ({ text: r.heading, detail: r.note || undefined })), emptyLine: 'None.' },
    ...(view.decision ? [{ heading: view.headings.decision, lines: [{ text: view.decision }] }] : []),
    ...(view.outcome ? [{ heading: view.headings.outcome, lines: [{ text: view.outcome }] }] : []),
    { heading: view.headings.tasks, lines: view.tasks.map((t) => ({ text: t.text, detail: t.meta })), emptyLine: 'None.' },
    { heading: view.headings.chronology, lines: view.chronology.map((c) => ({ text: c.heading, detail: c.detail || undefined })) },
  ];
  return {
    title: `Incident record ${incident.reference}: ${incident.procedureTitle}`,
    subtitle: [
      school.name,
      `Exported for a police or LADO request on ${madeAt.slice(0, 10)} by ${madeBy}.`,
      'This incident only. Pupils are named only by their part; check the written accounts for names before sending.',
    ],
    sections,
    footer: `Confidential: safeguarding record ${incident.reference}. Send securely to the requesting officer only.`,
    createdAt: madeAt,
    author: FILE_AUTHOR,
  };
}

/** One incident's record as a PDF, for its leads; audited (and refused, audited, for anyone else). */
export async function exportIncident(deps: CoreDeps, actor: Actor, request: ExportRequest): Promise<IncidentExport> {
  const school = (request.schoolId ? findSchool(deps.pack, request.schoolId) : undefined) ?? resolveSchool(deps.pack, actor);
  const incident = await findIncident(deps, school, request);
  if (!mayLead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incident.export', outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError("export this incident's record (its leads can)");
  }
  const made = await makeIncidentExport(deps, school, incident, actor.name);
  await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incident.export', outcome: 'ok', incidentId: incident.id });
  return made;
}

/** The export's PDF for someone already checked (the caller audits it). */
export async function makeIncidentExport(deps: CoreDeps, school: School, incident: Incident, madeBy: string): Promise<IncidentExport> {
  if (!deps.pdf) throw new DomainError('no-pdf', 'Making PDF files is not set up on this bot, so nothing was made.');
  const links = await deps.store.query<PupilLink>('links', { schoolId: school.id, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const pdf = await deps.pdf(incidentDocument(incident, school, deps, links, deps.clock.now().toISOString(), madeBy));
  return { incident: { id: incident.id, schoolId: incident.schoolId, reference: incident.reference }, pdf, fileName: `incident-${incident.reference}.pdf` };
}
