/**
 * A task's buttons: Done, and Not needed with a reason. Only a holder of the task's role may press
 * them (core refuses anyone else, and audits it); the presser sees their card redrawn, and every other
 * copy is updated through the outbox, run straight away.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { TASK_ACTIONS, type TaskAction, updateTask } from '../../../core/incidents/update-task';
import { findSchool } from '../../../core/people/resolve-school';
import { reasonInputId } from '../cards/card-data';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { redrawCard } from './redraw-card';
import { plainWords } from './reply';

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);
const TaskPayload = z.object({ schoolId: opaqueId, incidentId: opaqueId, taskId: opaqueId });

export const TASK_VERBS: readonly string[] = TASK_ACTIONS;

export async function handleTaskAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = TaskPayload.safeParse(data);
  if (!parsed.success || !TASK_VERBS.includes(verb)) {
    ctx.logger.warn('teams.task-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const actor = teamsActor(context.activity);
  const values = cardValues(data);
  // Each task's reason box has its own id (see `reasonInputId`); a plain `reason` is accepted too.
  const reason = values[reasonInputId(parsed.data.taskId)] ?? values.reason ?? '';
  try {
    const incident = await updateTask(ctx.deps, actor, { ...parsed.data, action: verb as TaskAction, values: { reason } });
    ctx.deliverNow?.();
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    if (!school) return 'That school is no longer in the policy pack.';
    return redrawCard(ctx, context, school, incident, actor);
  } catch (error) {
    return plainWords(error, ctx.logger, `task.${verb}`);
  }
}
