/**
 * `nagUrgentIncidents`: an urgent incident nobody has acknowledged is sent again every N minutes to
 * wherever its lead was reached (the safeguarding channel, or each lead directly), and after M minutes
 * also to the next role on the lead's chain (the head, for the safeguarding team), never to anyone who
 * may be the subject. N and M are per school in the policy pack. Each reminder has a fixed id per
 * interval, so repeated or parallel runs queue it once.
 */
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { holderRef, idSafe } from '../assignments/fan-out';
import { chainFor } from '../assignments/stand-in-chains';
import type { CoreDeps } from '../deps';
import { enqueue, type NewMessage, type OutboxMessage } from '../delivery/outbox';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import type { School } from '../policy/schema';
import type { Incident } from './incident';

/** The first role past the incident's leads on the lead's chain with someone who may be told. */
export function nextUpTheChain(deps: CoreDeps, school: School, incident: Incident) {
  const plan = incident.routing;
  const leadRole = plan.destination.kind === 'dsl-channel' ? 'dsl' : plan.destination.role;
  const leads = plan.destination.kind === 'dsl-channel' ? SAFEGUARDING_TEAM : [leadRole];
  const excluded = new Set(plan.excludedPeople ?? []);
  const leadPeople = new Set((plan.people ?? []).filter((p) => p.part === 'lead').map((p) => p.key));
  for (const role of chainFor(deps.pack, leadRole)) {
    if (leads.includes(role) || plan.excludedRoles?.includes(role)) continue;
    const holders = roleHolders(deps.pack, school, role).filter((h) => !excluded.has(personKey(h)) && !leadPeople.has(personKey(h)));
    if (holders.length) return { role, holders };
  }
  return undefined;
}

/** Queues the reminders due now for every urgent incident nobody has acknowledged; returns how many were new. */
export async function nagUrgentIncidents(deps: CoreDeps): Promise<number> {
  const now = deps.clock.now();
  let queued = 0;
  const queue = async (message: NewMessage) => {
    if (await enqueue(deps.store, message, now)) queued++;
  };
  for (const school of deps.pack.schools) {
    const waiting = await deps.store.query<Incident>('incidents', {
      schoolId: school.id,
      where: [
        { field: 'routing.urgent', op: '=', value: true },
        { field: 'status', op: '=', value: 'reported' },
      ],
    });
    for (const incident of waiting) {
      const minutes = (now.getTime() - Date.parse(incident.reportedAt)) / 60000;
      const round = Math.floor(minutes / school.urgent.renotifyMinutes);
      const base = { schoolId: school.id, incidentId: incident.id, message: 'urgent-reminder' as const };
      if (round >= 1) {
        const card = incident.routing.destination.kind === 'dsl-channel' ? await deps.store.get<OutboxMessage>('outbox', school.id, `${incident.id}:escalation`) : undefined;
        if (card && card.status !== 'unreachable') {
          const mentions = (incident.routing.people ?? []).filter((p) => p.viaChannel).map(holderRef);
          await queue({ ...base, id: `${incident.id}:nag:${round}`, to: { kind: 'dsl-channel' }, mentions });
        } else {
          for (const lead of (incident.routing.people ?? []).filter((p) => p.part === 'lead')) {
            await queue({ ...base, id: `${incident.id}:nag:${round}:${idSafe(lead.key)}`, to: { kind: 'holder', holder: holderRef(lead) } });
          }
        }
      }
      if (minutes >= school.urgent.escalateToHeadAfterMinutes) {
        const next = nextUpTheChain(deps, school, incident);
        for (const holder of next?.holders ?? []) {
          const key = personKey(holder);
          await queue({ ...base, id: `${incident.id}:nag:up:${idSafe(key)}`, to: { kind: 'holder', holder: holderRef({ ...holder, key }) } });
        }
      }
    }
  }
  return queued;
}
