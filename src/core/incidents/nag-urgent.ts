/**
 * `nagUrgentIncidents`: an urgent incident nobody has acknowledged is sent again every N minutes, and
 * after M minutes also goes to the head teacher (N and M per school in the policy pack). Each reminder
 * has a fixed id per interval, so repeated or parallel runs queue it once.
 */
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import type { Incident } from './incident';

export async function nagUrgentIncidents(deps: CoreDeps): Promise<number> {
  const now = deps.clock.now();
  let queued = 0;
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
      const to = incident.routing.destination.kind === 'dsl-channel' ? { kind: 'dsl-channel' as const } : { kind: 'role' as const, role: incident.routing.destination.role };
      if (round >= 1 && (await enqueue(deps.store, { ...base, id: `${incident.id}:nag:${round}`, to }, now))) queued++;
      // Only concerns for the safeguarding team escalate to the head; role-direct ones may be about the head.
      const forSafeguardingTeam = incident.routing.destination.kind === 'dsl-channel';
      if (forSafeguardingTeam && minutes >= school.urgent.escalateToHeadAfterMinutes) {
        if (await enqueue(deps.store, { ...base, id: `${incident.id}:nag:head`, to: { kind: 'role', role: 'head' } }, now)) queued++;
      }
    }
  }
  return queued;
}
