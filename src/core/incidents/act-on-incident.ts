/**
 * The escalation use cases: acknowledge, assign, add a note, refer, record a decision not to refer,
 * close, and read the full record. Each checks who is acting against the school's roles, writes the
 * chronology with an etag-checked replace, audits, and queues the card update and any reporter news.
 */
import type { Stored } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import { DomainError, InvalidInputError, NotFoundError, NotPermittedError } from '../errors';
import { type Actor, actorRef } from '../people/actor';
import { mayLead, mayRead } from '../assignments/who-may';
import { reloadAfterLostRace } from './write-conflicts';
import { findSchool } from '../people/resolve-school';
import { personKey } from '../people/person-key';
import type { PersonIdentity, School } from '../policy/schema';
import { type EscalationAction, SHOW_SUMMARY } from './escalation-actions';
import { type Incident, REFERRAL_AGENCIES, type ReferralAgency, isOpen } from './incident';

/** One escalation action as a card or modal asked for it: only the ids are trusted, and only after loading the incident. */
export interface ActionRequest {
  schoolId: string;
  incidentId: string;
  action: EscalationAction;
  /** Untrusted values from the card or modal. */
  values?: Record<string, unknown>;
}

/** The longest note, reason or outcome an escalation action accepts. */
export const MAX_TEXT = 2000;

export { personKey };

/** People an incident may be assigned to: holders of the roles allowed to act on it, never anyone who may be its subject. */
export function assignableHolders(school: School, incident: Pick<Incident, 'routing'>): PersonIdentity[] {
  const seen = new Set<string>(incident.routing.excludedPeople ?? []);
  return incident.routing.actingRoles.flatMap((r) => school.roles[r]?.holders ?? []).filter((h) => !seen.has(personKey(h)) && Boolean(seen.add(personKey(h))));
}

/** Actions only the incident's leads may take; a note and the full record are open to task holders too. */
const LEAD_ACTIONS: readonly string[] = ['acknowledge', 'assign', 'refer', 'no-referral', 'close'];

function text(values: ActionRequest['values'], key: string, label: string, required: boolean): string | undefined {
  const raw = values?.[key];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) {
    if (required) throw new InvalidInputError({ [key]: `Please write ${label}.` });
    return undefined;
  }
  if (value.length > MAX_TEXT) throw new InvalidInputError({ [key]: `Please keep ${label} under ${MAX_TEXT} characters.` });
  return value;
}

type Change = { incident: Incident; summary: string; tellReporter?: string };

function apply(school: School, incident: Incident, actor: Actor, request: ActionRequest, now: string, leads: boolean): Change {
  if (!isOpen(incident)) throw new DomainError('already-closed', `${incident.reference} is already closed.`);
  const by = actorRef(actor);
  // Only a lead's action picks an incident up; a task holder's note leaves it waiting for them.
  const acknowledged = leads && incident.status === 'reported' ? { status: 'acknowledged' as const, acknowledgedAt: now, owner: incident.owner ?? { key: by.userId, name: by.name } } : {};
  const entry = (action: string, detail?: string) => [...incident.chronology, { at: now, by, action, detail }];
  const progressed = (s: Incident['status']) => (s === 'reported' || s === 'acknowledged' ? 'in-progress' : s);
  switch (request.action) {
    case 'acknowledge': {
      if (incident.status !== 'reported') {
        throw new DomainError('already-acknowledged', `${incident.reference} was already acknowledged${incident.owner ? ` by ${incident.owner.name}` : ''}.`);
      }
      return {
        incident: { ...incident, ...acknowledged, chronology: entry('acknowledged') },
        summary: `Acknowledged by ${by.name}`,
        tellReporter: `Your report ${incident.reference} has been picked up by the safeguarding team. Thank you.`,
      };
    }
    case 'assign': {
      const key = text(request.values, 'assignee', 'who should own it', true) as string;
      const holder = assignableHolders(school, incident).find((h) => personKey(h) === key);
      if (!holder) throw new InvalidInputError({ assignee: 'Please choose someone from the list.' });
      return {
        incident: { ...incident, ...acknowledged, status: progressed(incident.status), owner: { key, name: holder.name }, chronology: entry('assigned', `Assigned to ${holder.name}`) },
        summary: `Assigned to ${holder.name} by ${by.name}`,
        tellReporter: incident.status === 'reported' ? `Your report ${incident.reference} has been picked up by the safeguarding team. Thank you.` : undefined,
      };
    }
    case 'add-note': {
      const note = text(request.values, 'note', 'the note', true);
      return {
        incident: { ...incident, ...acknowledged, status: leads ? progressed(incident.status) : incident.status, chronology: entry('note', note) },
        summary: `Note added by ${by.name}`,
      };
    }
    case 'refer': {
      const agency = request.values?.agency;
      if (typeof agency !== 'string' || !(REFERRAL_AGENCIES as readonly string[]).includes(agency)) {
        throw new InvalidInputError({ agency: 'Please choose who it was referred to.' });
      }
      const note = text(request.values, 'note', 'the referral note', false);
      return {
        incident: {
          ...incident,
          ...acknowledged,
          status: 'referred',
          referrals: [...incident.referrals, { agency: agency as ReferralAgency, at: now, by, note }],
          chronology: entry('referred', `Referred to ${agency}${note ? `: ${note}` : ''}`),
        },
        summary: `Referred to ${agency} by ${by.name}`,
      };
    }
    case 'no-referral': {
      const reason = text(request.values, 'reason', 'the reason for not referring', true) as string;
      if (incident.referrals.length) throw new DomainError('already-referred', `${incident.reference} has already been referred.`);
      return {
        incident: { ...incident, ...acknowledged, status: 'not-referred', noReferralReason: reason, chronology: entry('not-referred', reason) },
        summary: `Decision not to refer recorded by ${by.name}`,
      };
    }
    case 'close': {
      const outcome = text(request.values, 'outcome', 'the outcome', true) as string;
      return {
        incident: { ...incident, ...acknowledged, status: 'closed', outcome, closedAt: now, chronology: entry('closed', outcome) },
        summary: `Closed by ${by.name}`,
        tellReporter: `Your report ${incident.reference} has been closed by the safeguarding team. Thank you for reporting it.`,
      };
    }
    case 'full-record':
      throw new Error('full-record is a read, not a change');
  }
}

async function loadPermitted(
  deps: CoreDeps,
  actor: Actor,
  request: Pick<ActionRequest, 'schoolId' | 'incidentId'> & { action: string },
): Promise<{ incident: Stored<Incident>; school: School; leads: boolean }> {
  const school = findSchool(deps.pack, request.schoolId);
  const incident = school ? await deps.store.get<Incident>('incidents', request.schoolId, request.incidentId) : undefined;
  if (!school || !incident) throw new NotFoundError('incident');
  const leads = mayLead(deps.pack, school, incident, actor);
  // A colleague the case is shared with may read the record (and go back to their summary of it) while the share lasts, and nothing more.
  const sharedAt = request.action === 'full-record' || request.action === SHOW_SUMMARY ? deps.clock.now() : undefined;
  const permitted = LEAD_ACTIONS.includes(request.action) ? leads : mayRead(deps.pack, school, incident, actor, sharedAt);
  if (!permitted) {
    await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: `incident.${request.action}`, outcome: 'refused', incidentId: incident.id });
    throw new NotPermittedError(request.action === 'full-record' ? 'read this record' : 'act on this incident');
  }
  return { incident, school, leads };
}

/** The escalation card's minimum for a permitted person (others are refused and audited). */
export async function viewEscalationSummary(deps: CoreDeps, actor: Actor, request: Omit<ActionRequest, 'action'>): Promise<Stored<Incident>> {
  return (await loadPermitted(deps, actor, { ...request, action: SHOW_SUMMARY })).incident;
}

/** Reads the whole record for a permitted person; the read is audited. */
export async function readFullRecord(deps: CoreDeps, actor: Actor, request: Omit<ActionRequest, 'action'>): Promise<Stored<Incident>> {
  const { incident } = await loadPermitted(deps, actor, { ...request, action: 'full-record' });
  await recordAudit(deps, { schoolId: incident.schoolId, actor: actorRef(actor), action: 'incident.full-record', outcome: 'ok', incidentId: incident.id });
  return incident;
}

/** Applies one escalation action. Throws a `DomainError` with plain words when it cannot. */
export async function actOnIncident(deps: CoreDeps, actor: Actor, request: ActionRequest): Promise<Stored<Incident>> {
  if (request.action === 'full-record') return readFullRecord(deps, actor, request);
  let { incident, school, leads } = await loadPermitted(deps, actor, request);
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now();
    const change = apply(school, incident, actor, request, now.toISOString(), leads);
    const { _etag, ...body } = change.incident as Stored<Incident>;
    try {
      const saved = await deps.store.replace<Incident>('incidents', body, incident._etag);
      await recordAudit(deps, { schoolId: school.id, actor: actorRef(actor), action: `incident.${request.action}`, outcome: 'ok', incidentId: incident.id });
      await queueCardUpdate(deps, saved, now);
      const actorIsReporter = saved.reporter.platform === actor.platform && saved.reporter.userId === actor.userId;
      if (change.tellReporter && !actorIsReporter) {
        const message = { id: `${saved.id}:reporter:${request.action}`, schoolId: saved.schoolId, incidentId: saved.id, message: 'reporter-update' as const };
        await enqueue(deps.store, { ...message, to: { kind: 'person', person: saved.reporter }, text: change.tellReporter }, now);
      }
      return saved;
    } catch (error) {
      // Someone else acted at the same moment: re-read and apply ours on top (or refuse if it no longer fits).
      incident = await reloadAfterLostRace(deps.store, error, attempt, incident);
    }
  }
}

/** Every posted copy of the incident's cards (the channel's, each lead's and each task holder's) is redrawn. */
export async function queueCardUpdate(deps: CoreDeps, incident: Incident, now: Date): Promise<void> {
  const to = incident.routing.destination.kind === 'dsl-channel' ? { kind: 'dsl-channel' as const } : { kind: 'role' as const, role: incident.routing.destination.role };
  await enqueue(deps.store, { id: `${incident.id}:update:${incident.chronology.length}`, schoolId: incident.schoolId, incidentId: incident.id, message: 'escalation-update', to }, now);
}
