/**
 * `reportIncident`: records the incident a finished wizard describes and queues who must hear of it.
 * The reference, incident, messages and audit are written as drafts and the final "submitted" mark as
 * a durable write: the store puts a draft on disk no later than a durable write made after it, so the
 * whole report is safe once that last write resolves, for the price of one disk sync.
 * Safe to repeat: the incident id comes from the wizard and every queued message has a fixed id, so a
 * double submission or a retry after a crash makes exactly one incident and one set of messages.
 * A procedure with `filteringLog` (the filtering breach) also writes its entry of the filtering log in
 * the same way, a draft with a fixed id made durable by the last write (`breach-log-entry.ts`).
 */
import { ConflictError, PreconditionFailedError, type Stored, type WriteOptions } from '../../ports/document-store';

const DRAFT: WriteOptions = { durability: 'draft' };
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { enqueue, type NewMessage } from '../delivery/outbox';
import { fanOutMessages } from '../assignments/fan-out';
import { NotFoundError } from '../errors';
import { findSchool } from '../people/resolve-school';
import type { WizardState } from '../wizard/wizard-state';
import { buildIncident } from './build-incident';
import { type Incident, incidentIdFor } from './incident';
import { allocateReference } from './reference-number';
import { type PupilLink, linkIdFor } from '../pupils/pupil-link';
import { findProcedure } from '../wizard/assessment';
import { type ChosenPupil, chosenPupils } from '../wizard/pupil-step';
import { breachLogEntryFor } from './breach-log-entry';

async function reserveReference(deps: CoreDeps, wizard: Stored<WizardState>, prefix: string): Promise<Stored<WizardState>> {
  let current = wizard;
  for (;;) {
    if (current.reference) return current;
    const reference = await allocateReference(deps.store, current.schoolId, prefix, deps.clock.now().getUTCFullYear(), current.id);
    const { _etag, ...doc } = current;
    try {
      return await deps.store.replace<WizardState>('wizards', { ...doc, reference }, _etag, DRAFT);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const reloaded = await deps.store.get<WizardState>('wizards', current.schoolId, current.id);
      if (!reloaded) throw new NotFoundError('report');
      current = reloaded;
    }
  }
}

function messagesFor(incident: Incident, options: ReportOptions): NewMessage[] {
  const receipt: NewMessage = { schoolId: incident.schoolId, incidentId: incident.id, id: `${incident.id}:receipt`, message: 'report-receipt', to: { kind: 'person', person: incident.reporter } };
  return [...(options.receiptShownInCard ? [] : [receipt]), ...fanOutMessages(incident)];
}

async function markSubmitted(deps: CoreDeps, wizard: Stored<WizardState>, incidentId: string): Promise<void> {
  let current: Stored<WizardState> | undefined = wizard;
  while (current && current.status !== 'submitted') {
    const { _etag, ...doc } = current;
    try {
      await deps.store.replace<WizardState>('wizards', { ...doc, status: 'submitted', incidentId, revision: doc.revision + 1, updatedAt: deps.clock.now().toISOString() }, _etag);
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      current = await deps.store.get<WizardState>('wizards', wizard.schoolId, wizard.id);
    }
  }
}

/** How the platform shows the outcome of a report. */
export interface ReportOptions {
  /** The platform shows the receipt in place of the submitted card, so no separate message is queued. */
  receiptShownInCard: boolean;
}

/** Records the incident for a wizard at its review step. Returns the incident, new or already made. */
export async function reportIncident(deps: CoreDeps, wizard: Stored<WizardState>, options: ReportOptions = { receiptShownInCard: false }): Promise<Stored<Incident>> {
  const school = findSchool(deps.pack, wizard.schoolId);
  if (!school) throw new NotFoundError('school');
  const existingId = wizard.incidentId ?? incidentIdFor(wizard.id);
  const existing = await deps.store.get<Incident>('incidents', wizard.schoolId, existingId);
  if (existing && wizard.status === 'submitted') return existing;

  const reserved = await reserveReference(deps, wizard, school.referencePrefix);
  const now = deps.clock.now();
  let incident: Stored<Incident>;
  try {
    incident =
      existing ?? (await deps.store.create<Incident>('incidents', withLinkNote(buildIncident(deps.pack, school, reserved, reserved.reference as string, now), pupilsOf(deps, reserved)), DRAFT));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    incident = (await deps.store.get<Incident>('incidents', wizard.schoolId, existingId)) as Stored<Incident>;
  }
  // Messages and audit before marking the wizard done: a crash here is finished by the next attempt.
  await Promise.all([
    ...messagesFor(incident, options).map((message) => enqueue(deps.store, message, now, DRAFT)),
    ...pupilsOf(deps, reserved).map((pupil) => linkOnce(deps, incident, pupil)),
    recordAuditOnce(deps, incident),
    logBreachOnce(deps, incident),
  ]);
  await markSubmitted(deps, reserved, incident.id);
  return incident;
}

function pupilsOf(deps: CoreDeps, wizard: WizardState): ChosenPupil[] {
  return chosenPupils(findProcedure(deps.pack, wizard.procedureId), wizard.pupils);
}

/** The chronology says how many pupils from the register the report linked, never who. */
function withLinkNote(incident: Incident, pupils: ChosenPupil[]): Incident {
  if (!pupils.length) return incident;
  const detail = `${pupils.length} ${pupils.length === 1 ? 'pupil' : 'pupils'} from the register linked.`;
  return { ...incident, chronology: [...incident.chronology, { at: incident.reportedAt, by: incident.reporter, action: 'pupils-linked', detail }] };
}

/** One link per incident and pupil (a fixed id), so a retried submission links nobody twice. */
async function linkOnce(deps: CoreDeps, incident: Incident, pupil: ChosenPupil): Promise<void> {
  const link: PupilLink = {
    id: linkIdFor(incident.id, pupil.pupilId),
    schoolId: incident.schoolId,
    incidentId: incident.id,
    pupilId: pupil.pupilId,
    part: pupil.part,
    linkedAt: incident.reportedAt,
    linkedBy: incident.reporter,
    history: [],
  };
  try {
    await deps.store.create<PupilLink>('links', link, DRAFT);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

async function recordAuditOnce(deps: CoreDeps, incident: Incident): Promise<void> {
  try {
    await recordAudit(
      { ...deps, ids: { next: () => `${incident.id}:reported` } },
      { schoolId: incident.schoolId, actor: incident.reporter, action: 'incident.reported', outcome: 'ok', incidentId: incident.id, detail: incident.procedureId },
      DRAFT,
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** The filtering log's entry for a report under a procedure that keeps one (a fixed id, so once). */
async function logBreachOnce(deps: CoreDeps, incident: Incident): Promise<void> {
  const entry = breachLogEntryFor(incident, findProcedure(deps.pack, incident.procedureId));
  if (!entry) return;
  try {
    await deps.store.create('filtering', entry, DRAFT);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
