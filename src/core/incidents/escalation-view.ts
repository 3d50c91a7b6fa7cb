/**
 * What an escalation card shows: the minimum a safeguarding lead needs to act, never pupils' names or
 * what was written. The whole record is a separate, audited read.
 */
import type { PolicyPack, School } from '../policy/schema';
import { roleTitle } from '../people/actor';
import { assignableHolders, personKey } from './act-on-incident';
import { ESCALATION_ACTIONS, type EscalationAction } from './escalation-actions';
import { type Incident, type IncidentStatus, REFERRAL_AGENCIES } from './incident';
import { CHRONOLOGY_WORDS, humanize } from './incident-words';
import { type TaskItem, describeTasks } from './task-view';

/** Each incident status in words for a card. */
export const STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: 'New: not yet acknowledged',
  acknowledged: 'Acknowledged',
  'in-progress': 'In progress',
  referred: 'Referred',
  'not-referred': 'Decided not to refer',
  closed: 'Closed',
};

/** An escalation card in words: the minimum a lead needs to act, and what they may press. Never pupils' names or what was written. */
export interface EscalationView {
  incidentId: string;
  schoolId: string;
  reference: string;
  title: string;
  schoolName: string;
  urgent: boolean;
  safeguarding: boolean;
  status: string;
  closed: boolean;
  owner: string;
  lastAction: string;
  reportedAt: string;
  reportedBy: string;
  /** Who is meant to act, as the school names the role. */
  audience: string;
  actions: EscalationAction[];
  assignees: Array<{ value: string; label: string }>;
  agencies: Array<{ value: string; label: string }>;
  /** The tasks of the people this copy of the card is for (the safeguarding team's on the channel card). */
  tasks: TaskItem[];
}

function contactName(pack: PolicyPack, school: School, agency: string): string {
  const key = agency as keyof School['contacts'];
  return school.contacts[key]?.name ?? pack.contacts[key]?.name ?? agency;
}

/** The escalation card for one incident; `taskIds` are the tasks of whoever this copy is for. Pure. */
export function describeEscalation(pack: PolicyPack, school: School, incident: Incident, taskIds: string[] = [], now: Date = new Date(incident.reportedAt)): EscalationView {
  const last = incident.chronology[incident.chronology.length - 1];
  const closed = incident.status === 'closed';
  const destination = incident.routing.destination;
  return {
    incidentId: incident.id,
    schoolId: incident.schoolId,
    reference: incident.reference,
    title: incident.procedureTitle,
    schoolName: school.name,
    urgent: incident.routing.urgent,
    safeguarding: incident.routing.safeguarding,
    status: STATUS_LABELS[incident.status],
    closed,
    owner: incident.owner?.name ?? 'Nobody yet',
    lastAction: last ? `${CHRONOLOGY_WORDS[last.action] ?? humanize(last.action)} by ${last.by.name}` : '',
    reportedAt: incident.reportedAt,
    reportedBy: incident.reporter.name,
    audience: destination.kind === 'dsl-channel' ? `${roleTitle(school, 'dsl')} and deputies` : roleTitle(school, destination.role),
    actions: closed ? ['full-record'] : ESCALATION_ACTIONS.filter((a) => a !== 'acknowledge' || incident.status === 'reported'),
    assignees: assignableHolders(school, incident).map((h) => ({ value: personKey(h), label: h.name })),
    agencies: REFERRAL_AGENCIES.map((a) => ({ value: a, label: contactName(pack, school, a) })),
    tasks: describeTasks(school, incident, taskIds, now, pack.trust.roles),
  };
}
