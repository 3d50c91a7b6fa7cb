/**
 * `recordCustody`: the device-custody log of a seized device. A lead of the incident (`mayLead`) writes
 * who took the device, from whom or where, to whom it went, and when; the entry goes on the incident's
 * `custody` log and its chronology, and is audited (ids only). Others are refused, and audited.
 */
import type { Stored } from '../../ports/document-store';
import { mayLead } from '../assignments/who-may';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { type Incident, isOpen } from '../incidents/incident';
import { type Actor, actorRef } from '../people/actor';
import { findSchool } from '../people/resolve-school';
import { formatWallClock } from '../text/time-words';
import { noteInChronology } from './add-evidence';
import type { CustodyEntry } from './evidence-record';

/** The custody form's submission: only the ids are trusted, and only after loading the incident. */
export interface CustodyRequest {
  schoolId: string;
  incidentId: string;
  /** Untrusted form values: `device`, `takenBy`, `from`, `to`, `date` (YYYY-MM-DD), `time` (HH:MM), `note`. */
  values?: Record<string, unknown>;
}

/** The custody form's fields and their longest answers. */
export const CUSTODY_FIELDS = { device: 200, takenBy: 120, from: 200, to: 200, note: 1000 } as const;

async function loadForLead(deps: CoreDeps, actor: Actor, request: Pick<CustodyRequest, 'schoolId' | 'incidentId'>): Promise<Stored<Incident>> {
  const school = findSchool(deps.pack, request.schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  if (!mayLead(deps.pack, school, incident, actor)) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: 'incident.custody', outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError('record device custody on this incident');
  }
  return incident;
}

/** Checks a lead may open the custody form for this incident (others refused and audited); returns the incident. */
export async function openCustodyForm(deps: CoreDeps, actor: Actor, request: Pick<CustodyRequest, 'schoolId' | 'incidentId'>): Promise<Stored<Incident>> {
  return loadForLead(deps, actor, request);
}

function parseEntry(values: CustodyRequest['values'], now: Date): Omit<CustodyEntry, 'recordedBy' | 'recordedAt'> {
  const errors: Record<string, string> = {};
  const field = (key: keyof typeof CUSTODY_FIELDS, label: string, required: boolean) => {
    const raw = values?.[key];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value && required) errors[key] = `Please write ${label}.`;
    if (value.length > CUSTODY_FIELDS[key]) errors[key] = `Please keep ${label} under ${CUSTODY_FIELDS[key]} characters.`;
    return value;
  };
  const device = field('device', 'which device', true);
  const takenBy = field('takenBy', 'who took it', true);
  const from = field('from', 'whom or where it was taken from', true);
  const to = field('to', 'to whom it went', true);
  const note = field('note', 'the note', false);
  const date = typeof values?.date === 'string' ? values.date.trim() : '';
  const time = typeof values?.time === 'string' && values.time.trim() ? values.time.trim() : '00:00';
  const at = `${date}T${time.slice(0, 5)}`;
  const parsed = Date.parse(`${at}:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}/.test(time) || Number.isNaN(parsed) || formatWallClock(at) === at) errors.date = 'Please give the date it happened.';
  // The wall clock may run an hour ahead of UTC, so anything past a day from now is surely a slip.
  else if (parsed > now.getTime() + 24 * 3600_000) errors.date = 'That date is in the future.';
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  return { at, device, takenBy, from, to, ...(note && { note }) };
}

/** Adds one custody entry for a lead; a bad value changes nothing and says which field. */
export async function recordCustody(deps: CoreDeps, actor: Actor, request: CustodyRequest): Promise<Stored<Incident>> {
  const incident = await loadForLead(deps, actor, request);
  if (!isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is closed. Reopen it first to record anything more.`);
  const now = deps.clock.now();
  const entry: CustodyEntry = { ...parseEntry(request.values, now), recordedBy: actorRef(actor), recordedAt: now.toISOString() };
  const detail = `${entry.device}: taken by ${entry.takenBy} from ${entry.from}, to ${entry.to}, ${formatWallClock(entry.at)}${entry.note ? `. ${entry.note}` : ''}`;
  const saved = await noteInChronology(deps, actor, incident, detail, 'device-custody', (i) => ({ custody: [...(i.custody ?? []), entry] }));
  await recordAudit(deps, { schoolId: incident.schoolId, actor: actorRef(actor), action: 'incident.custody', outcome: 'ok', incidentId: incident.id, detail: `entries=${saved.custody?.length ?? 0}` });
  return saved;
}
