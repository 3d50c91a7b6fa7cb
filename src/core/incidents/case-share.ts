/**
 * Bringing a colleague in: the DSL (or the head, for a staff matter) shares one case with a named member
 * of staff on a need-to-know basis, read-only or with one task, until a school day, revocable. Kept on
 * the incident (`shares`), in its chronology and in the audit. Who a live share lets do what is decided
 * in `core/assignments/who-may.ts` (read the full record; mark its own task; nothing else).
 */
import type { ActorRef } from '../people/actor';
import type { ShareGrant } from '../assignments/who-may';

/** What a share lets its colleague do: read the full record only, or read it and do one task. */
export const SHARE_ACCESS = ['read', 'task'] as const;
/** One of `SHARE_ACCESS`. */
export type ShareAccess = (typeof SHARE_ACCESS)[number];

/** The colleague a case is shared with, as the register or the pack names them (enough to recognise and reach them). */
export interface SharePerson {
  /** Their person key (`personKey`): the same on every platform. */
  key: string;
  name: string;
  email?: string;
  teamsUserId?: string;
  slackUserId?: string;
}

/** One share of a case with one colleague (newest last on the incident). */
export interface CaseShare extends ShareGrant {
  /** `share-1`, `share-2`…: its place on the incident, so an outbox id or a button can name it. */
  id: string;
  person: SharePerson;
  access: ShareAccess;
  /** The last day it lasts (YYYY-MM-DD, in the school's time zone). */
  until: string;
  /** Why the colleague needs to know (kept on the record; never in a log). */
  reason: string;
  sharedAt: string;
  sharedBy: ActorRef;
  /** For a task share: the task on `incident.tasks` the colleague owns. */
  taskId?: string;
  revokedAt?: string;
  revokedBy?: ActorRef;
}

/** The role key a shared task is owned by: no school holds it, so only the share's colleague may mark it ("shared with" in words). */
export const SHARED_TASK_ROLE = 'shared-with';
