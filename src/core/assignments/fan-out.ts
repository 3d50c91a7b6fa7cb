/**
 * The messages an incident's plan sends when it is reported: the case card to the lead (the safeguarding
 * channel, or each lead directly), each task holder's own tasks, and "for your information" only to
 * people with nothing to do. One message per person, with a fixed id, so each delivery is tracked alone.
 */
import type { HolderRef, NewMessage, OutboxMessage } from '../delivery/outbox';
import { type AssignmentPlan, type PlannedIncident, type PlannedPerson, SAFEGUARDING_TEAM } from './assignment-plan';

/** Ids of the messages that tell people of an incident (what the delivery report waits for). */
export const FAN_OUT_PARTS = ['escalation', 'to', 'lead', 'team-unreachable'] as const;

/** True for the messages that tell people of an incident (`<incidentId>:escalation`, `:to:…`, `:lead:…`, `:team-unreachable:…`): what the delivery report waits for. */
export function isFanOut(message: Pick<OutboxMessage, 'id' | 'incidentId'>): boolean {
  if (!message.incidentId) return false;
  const rest = message.id.slice(message.incidentId.length + 1);
  return message.id.startsWith(`${message.incidentId}:`) && FAN_OUT_PARTS.some((p) => rest === p || rest.startsWith(`${p}:`));
}

/** A person key made safe to use inside an outbox id (anything but letters, digits and `@._-` becomes `_`). */
export function idSafe(key: string): string {
  return key.replace(/[^A-Za-z0-9@._-]/g, '_');
}

/** The recipient record for a planned person or pack holder: their key and the ids each platform finds them by. */
export function holderRef(person: Pick<PlannedPerson, 'key' | 'name' | 'email' | 'teamsUserId' | 'slackUserId'>): HolderRef {
  return {
    key: person.key,
    name: person.name,
    ...(person.email && { email: person.email }),
    ...(person.teamsUserId && { teamsUserId: person.teamsUserId }),
    ...(person.slackUserId && { slackUserId: person.slackUserId }),
  };
}

/** The tasks a person sees on the safeguarding channel's card: their safeguarding-team tasks. */
function teamTaskIds(incident: Pick<PlannedIncident, 'tasks'>, person: PlannedPerson): string[] {
  return person.taskIds.filter((id) => SAFEGUARDING_TEAM.includes(incident.tasks.find((t) => t.id === id)?.ownerRole ?? ''));
}

/** The lead's messages sent one-to-one when the channel cannot be used (not registered). */
export function directLeadMessages(incident: PlannedIncident): NewMessage[] {
  const base = { schoolId: incident.schoolId, incidentId: incident.id };
  return (incident.routing.people ?? [])
    .filter((p) => p.viaChannel)
    .map((p) => ({ ...base, id: `${incident.id}:lead:${idSafe(p.key)}`, message: 'role-escalation', to: { kind: 'holder', holder: holderRef(p) }, taskIds: teamTaskIds(incident, p) }));
}

/** The messages an incident's plan queues when it is reported, one per person with a fixed id (plus the channel card), so a repeat queues nothing twice. Pure. */
export function fanOutMessages(incident: PlannedIncident): NewMessage[] {
  const plan: AssignmentPlan = incident.routing;
  const base = { schoolId: incident.schoolId, incidentId: incident.id };
  const messages: NewMessage[] = [];
  const people = plan.people ?? [];
  if (plan.destination.kind === 'dsl-channel') {
    // An urgent card @mentions the safeguarding team, so each of them is notified at once.
    const mentions = plan.urgent ? people.filter((p) => p.viaChannel).map(holderRef) : [];
    messages.push({ ...base, id: `${incident.id}:escalation`, message: 'dsl-escalation', to: { kind: 'dsl-channel' }, ...(mentions.length && { mentions }) });
  }
  for (const person of people) {
    const to = { kind: 'holder' as const, holder: holderRef(person) };
    const id = `${incident.id}:to:${idSafe(person.key)}`;
    if (person.viaChannel) {
      // The channel card carries their team tasks; anything else they hold comes to them directly.
      const own = person.taskIds.filter((t) => !teamTaskIds(incident, person).includes(t));
      if (own.length) messages.push({ ...base, id, message: 'task-assignment', to, taskIds: own });
    } else if (person.part === 'lead') {
      messages.push({ ...base, id, message: 'role-escalation', to, taskIds: person.taskIds });
    } else if (person.part === 'task') {
      messages.push({ ...base, id, message: 'task-assignment', to, taskIds: person.taskIds });
    } else {
      messages.push({ ...base, id, message: 'inform-role', to });
    }
  }
  return messages;
}
