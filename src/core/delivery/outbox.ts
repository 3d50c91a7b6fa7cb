/**
 * The outbox: every message the bot must deliver is first written to the store with a deterministic id,
 * so a restart never loses one and a retried use case never queues one twice. Adapters send them.
 */
import { ConflictError, type Doc, type DocumentStore, type WriteOptions } from '../../ports/document-store';
import type { ActorRef } from '../people/actor';
import type { DeliveryReportView } from './delivery-report-view';
import type { RoleKey } from '../policy/schema';

/** A role holder as the plan copied them from the pack: enough for any platform to find them. */
export interface HolderRef {
  key: string;
  name: string;
  email?: string;
  teamsUserId?: string;
  slackUserId?: string;
}

/** Who a queued message is for: the safeguarding channel, a role's holders, one holder the plan named, or one person by their chat identity. */
export type Recipient =
  | { kind: 'dsl-channel' }
  | { kind: 'role'; role: RoleKey }
  /** One role holder, as the incident's plan named them. */
  | { kind: 'holder'; holder: HolderRef }
  | { kind: 'person'; person: ActorRef };

/** Why a recipient could not be reached: core words each for the reporter and in `setup check`. */
export const UNREACHABLE_REASONS = ['no-platform-id', 'no-conversation', 'no-channel', 'refused'] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

/** Message kinds core asks adapters to render. Core says what, never how it looks. */
export const MESSAGE_KINDS = [
  'report-receipt',
  'dsl-escalation',
  'role-escalation',
  'escalation-update',
  'urgent-reminder',
  'inform-role',
  'task-assignment',
  'task-reminder',
  'delivery-report',
  'team-unreachable',
  'reporter-update',
  'aup-reminder',
  'aup-escalation',
  'weekly-digest',
  'case-shared',
  'share-delivery',
  'transfer-reminder',
  'unblock-request',
  'unblock-request-update',
  'unblock-outcome',
  'unblock-now',
  'reblock-reminder',
  'filtering-forbidden',
  'alert-triage',
  'alert-reminder',
  'alert-escalation',
  'alert-update',
  'review-reminder',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One message the bot must deliver, as stored in the `outbox`: what to say (never how), to whom, and where its delivery stands. */
export interface OutboxMessage extends Doc {
  id: string;
  schoolId: string;
  message: MessageKind;
  to: Recipient;
  incidentId?: string;
  /**
   * `sending` is held by one instance until `claimedUntil`; then anyone may take it over. `sent` only
   * with the platform's acknowledgement; `unreachable` once the bot has stopped trying (see `unreachable`).
   */
  status: 'pending' | 'sending' | 'sent' | 'unreachable';
  /** The platform's id for what it posted (Teams activity id, Slack `ts`). */
  platformMessageId?: string;
  /** Set when the last attempt found no way to reach the recipient; it is tried again until `status` says otherwise. */
  unreachable?: { reason: UnreachableReason; detail?: string; at: string };
  claimedBy?: string;
  claimedUntil?: string;
  attempts: number;
  /** Not before this time (ISO); used for backoff and for scheduled nags. */
  dueAt: string;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
  /** Plain words for the recipient, only where the incident itself does not say it (no personal data). */
  text?: string;
  /** For AUP messages: whose signature is due, and when. */
  aup?: { personId: string; personName: string; documentId: string; dueDate: string; slot: string };
  /** For a weekly digest: the week (its Monday) and whether it is one school's or the trust's. */
  digest?: { week: string; scope: 'school' | 'trust' };
  /** The platform to use when the recipient is a role and there is no incident to take it from. */
  platform?: 'teams' | 'slack';
  /** The incident tasks this message is about (an assignment or a reminder shows these). */
  taskIds?: string[];
  /** People to @mention (the safeguarding team on an urgent channel card), as the plan names them. */
  mentions?: HolderRef[];
  /** For `delivery-report` and `team-unreachable`: what core found, in words (staff names and roles only). */
  report?: DeliveryReportView;
  /** For `case-shared`: which of the incident's shares it tells its colleague about. */
  shareId?: string;
  /** For a transfer reminder: the transfer (its names are read from the store when it is drawn, never kept here). */
  transferId?: string;
  /** For a filtering message: the change-log entry it is about, and for the requester which outcome (the address and reasons are read from the store when it is drawn). */
  filtering?: { entryId: string; outcome?: 'unblocked' | 'refused' | 're-blocked' };
  /** For a monitoring alert card: the batch of alerts it shows (their details are read from the store when it is drawn). */
  alertBatchId?: string;
  /** For `alert-escalation`: the one alert nobody has triaged (read from the store when it is drawn). */
  alertRef?: string;
  /** For a filtering review reminder: the due date it reminds of (the review's words are read from the store when it is drawn). */
  review?: { due: string };
}

/** A message as a use case queues it: `enqueue` adds its state and times. */
export type NewMessage = Pick<
  OutboxMessage,
  | 'id'
  | 'schoolId'
  | 'message'
  | 'to'
  | 'incidentId'
  | 'text'
  | 'aup'
  | 'platform'
  | 'digest'
  | 'taskIds'
  | 'mentions'
  | 'report'
  | 'shareId'
  | 'transferId'
  | 'filtering'
  | 'alertBatchId'
  | 'alertRef'
  | 'review'
> & { dueAt?: string };

/** Queues a message once: a second call with the same id is a no-op. Returns whether it was new. */
export async function enqueue(store: DocumentStore, message: NewMessage, now: Date, options?: WriteOptions): Promise<boolean> {
  try {
    await store.create<OutboxMessage>(
      'outbox',
      {
        ...message,
        status: 'pending',
        attempts: 0,
        dueAt: message.dueAt ?? now.toISOString(),
        createdAt: now.toISOString(),
      },
      options,
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
