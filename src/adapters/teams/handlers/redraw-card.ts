/**
 * The card to show the person who pressed a button, after the change: the very card they pressed,
 * redrawn (found by the activity id Teams sends as `replyToId`), or else their own part of the plan.
 */
import type { TurnContext } from 'botbuilder';
import { taskIdsForMessage } from '../../../core/incidents/task-view';
import type { Incident } from '../../../core/incidents/incident';
import { type Actor, isSamePerson } from '../../../core/people/actor';
import type { School } from '../../../core/policy/schema';
import { caseCard, taskCard } from '../render-outbox-card';
import { isPersonal } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { findTeamsPost, postCard } from '../teams-posts';

export async function redrawCard(ctx: TeamsContext, context: TurnContext, school: School, incident: Incident, actor: Actor): Promise<{ type: 'AdaptiveCard' }> {
  const post = await findTeamsPost(ctx.deps.store, incident, context.activity.replyToId);
  if (post) return postCard(ctx.deps, school, incident, post) as { type: 'AdaptiveCard' };
  if (!isPersonal(context.activity)) return caseCard(ctx.deps, school, incident, taskIdsForMessage(incident, { to: { kind: 'dsl-channel' } })) as { type: 'AdaptiveCard' };
  const me = (incident.routing.people ?? []).find((p) => isSamePerson(actor, p));
  if (me?.part === 'task') return taskCard(ctx.deps, school, incident, me.taskIds) as { type: 'AdaptiveCard' };
  return caseCard(ctx.deps, school, incident, me?.taskIds ?? []) as { type: 'AdaptiveCard' };
}
