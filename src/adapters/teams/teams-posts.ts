/**
 * Where each of an incident's cards was posted in Teams, and as what, so that every copy can be
 * redrawn in place with the right card: the channel's case card with the team's tasks, a lead's own
 * case card with theirs, a task holder's card with theirs. The button handlers use it too, to redraw
 * the very card that was pressed (found by the activity id Teams sends back as `replyToId`).
 */
import type { ConversationReference } from 'botbuilder';
import { taskIdsForMessage } from '../../core/incidents/task-view';
import { readPosts, recordPost } from '../../core/delivery/delivery-records';
import type { CoreDeps } from '../../core/deps';
import type { Incident } from '../../core/incidents/incident';
import type { School } from '../../core/policy/schema';
import type { DocumentStore } from '../../ports/document-store';
import { caseCard, taskCard } from './render-outbox-card';

/** The message kinds whose posts are kept up to date. */
export const UPDATED_KINDS = ['dsl-escalation', 'role-escalation', 'task-assignment'] as const;
export type UpdatedKind = (typeof UPDATED_KINDS)[number];

export interface TeamsPost {
  /** One per post: the outbox message's id (with the recipient, for a message to several). */
  key: string;
  reference: Partial<ConversationReference>;
  activityId: string;
  /** What it was posted as; posts recorded before this was kept are case cards. */
  kind?: UpdatedKind;
  /** The tasks that post lists. */
  taskIds?: string[];
  /** `personKey` of the holder it went to, when it went to one. */
  holderKey?: string;
}

const postsId = (incidentId: string) => `${incidentId}:teams-posts`;

export function recordTeamsPost(store: DocumentStore, incident: Pick<Incident, 'id' | 'schoolId'>, post: TeamsPost): Promise<void> {
  return recordPost<TeamsPost>(store, incident.schoolId, postsId(incident.id), post);
}

export async function readTeamsPosts(store: DocumentStore, incident: Pick<Incident, 'id' | 'schoolId'>): Promise<TeamsPost[]> {
  return (await readPosts<TeamsPost>(store, incident.schoolId, postsId(incident.id))) ?? [];
}

/** The post whose card was pressed, if the bot posted it. */
export async function findTeamsPost(store: DocumentStore, incident: Pick<Incident, 'id' | 'schoolId'>, activityId: string | undefined): Promise<TeamsPost | undefined> {
  if (!activityId) return undefined;
  return (await readTeamsPosts(store, incident)).find((p) => p.activityId === activityId);
}

/** The card a post shows now. */
export function postCard(deps: CoreDeps, school: School, incident: Incident, post: TeamsPost): Record<string, unknown> {
  if (post.kind === 'task-assignment') return taskCard(deps, school, incident, post.taskIds ?? []);
  const channel = post.key === 'dsl-channel' || post.reference.conversation?.conversationType === 'channel';
  const taskIds = post.taskIds ?? (channel ? taskIdsForMessage(incident, { to: { kind: 'dsl-channel' } }) : []);
  return caseCard(deps, school, incident, taskIds);
}
