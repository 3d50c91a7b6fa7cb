/**
 * `remindOverdueTasks`: an open task past its due time reminds each person who holds it. Urgent
 * incidents' tasks remind at once, at any hour, then every hour; others only in school hours on school
 * days, then once a school day. Each reminder has a fixed id per round, so runs on several instances
 * queue it once. Never anyone who may be the subject: only the people the plan gave the task, and a
 * colleague the case was shared with for that task, while the share lasts.
 */
import { isSendingTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue } from '../delivery/outbox';
import { type Incident, isOpen } from './incident';
import { taskStatus } from '../assignments/incident-task';
import { holderRef, idSafe } from '../assignments/fan-out';
import { isLiveShare } from '../assignments/who-may';

const HOUR = 3600_000;

/** Queues the reminders due now for every open task past its due time; returns how many were new. */
export async function remindOverdueTasks(deps: CoreDeps): Promise<number> {
  const now = deps.clock.now();
  let queued = 0;
  for (const school of deps.pack.schools) {
    const open = await deps.store.query<Incident>('incidents', { schoolId: school.id, where: [{ field: 'status', op: '!=', value: 'closed' }] });
    for (const incident of open.filter(isOpen)) {
      const urgent = incident.routing.priority === 'urgent' || incident.routing.urgent;
      if (!urgent && !isSendingTime(now, deps.pack.aup, school.timeZone)) continue;
      const every = urgent ? HOUR : 24 * HOUR;
      for (const task of incident.tasks) {
        if (task.ownerRole === 'reporter' || taskStatus(task) !== 'open' || task.due > now.toISOString()) continue;
        const round = Math.floor((now.getTime() - Date.parse(task.due)) / every);
        // The plan's holders of the task, and a colleague the case was shared with for this task while the share lasts.
        const sharedWith = (incident.shares ?? []).filter((sh) => sh.taskId === task.id && isLiveShare(sh, now, school.timeZone)).map((sh) => sh.person);
        const holders = [...(incident.routing.people ?? []).filter((p) => p.taskIds.includes(task.id)), ...sharedWith];
        for (const person of holders) {
          const id = `${incident.id}:task-reminder:${task.id}:${round}:${idSafe(person.key)}`;
          const message = { schoolId: school.id, incidentId: incident.id, id, message: 'task-reminder' as const, to: { kind: 'holder' as const, holder: holderRef(person) }, taskIds: [task.id] };
          if (await enqueue(deps.store, message, now)) queued++;
        }
      }
    }
  }
  return queued;
}
