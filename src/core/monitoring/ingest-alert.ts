/**
 * `ingestAlert`: one monitoring alert from a school's monitoring service becomes a durable record and a
 * place on a triage card for the safeguarding channel. Alerts received in the same minute share one card
 * (one outbox message with a fixed id per school and minute, sent when the minute is over), so a burst
 * never floods the channel. A severe alert (high or critical) out of the school's working hours goes on a
 * card of its own at once, @mentioning the safeguarding team, and is nagged until it is triaged
 * (`alert-reminders-job.ts`). Safe to repeat: the record's id comes from the sender's alert id, so a
 * retried delivery stores nothing twice and queues nothing twice. The card goes out on every platform
 * where the school has a safeguarding channel (or, with none, where its DSL and deputies can be reached):
 * a school on Slack gets it on Slack, a school on both gets it on both.
 */
import { ConflictError, type Stored, type WriteOptions } from '../../ports/document-store';
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { holderRef } from '../assignments/fan-out';
import { isSendingTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue, type HolderRef } from '../delivery/outbox';
import { NotFoundError } from '../errors';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import { findSchool } from '../people/resolve-school';
import type { School } from '../policy/schema';
import { type AlertCategory, type AlertRecord, type AlertSeverity, alertDocId, isSevere } from './alert-record';

const DRAFT: WriteOptions = { durability: 'draft' };

/** Alerts received within one such window share a triage card. */
export const ALERT_BATCH_MS = 60_000;

/** One alert as the endpoint accepted it (already validated: nothing but these fields). */
export interface AlertInput {
  schoolId: string;
  alertId: string;
  category: AlertCategory;
  severity: AlertSeverity;
  occurredAt: string;
  reference: string;
}

/** What happened to an alert: stored now, or already stored by an earlier delivery of the same alert id. */
export interface IngestResult {
  outcome: 'accepted' | 'duplicate';
  alert: Stored<AlertRecord>;
}

/** The outbox id of a triage card: one per school and minute, or one of its own for an urgent alert. */
export function alertCardId(batchId: string): string {
  return `alert-card:${batchId}`;
}

/** True when a severe alert arrives outside the school's working hours (the school calendar), so it goes the urgent way. */
export function goesUrgent(deps: Pick<CoreDeps, 'pack'>, school: School, severity: AlertSeverity, at: Date): boolean {
  return isSevere(severity) && !isSendingTime(at, deps.pack.aup, school.timeZone);
}

/** The platform the pack alone points to: Slack when it names only a Slack DSL channel, else Teams (used when no platform is running to ask). */
export function alertPlatform(school: School): 'teams' | 'slack' {
  return school.dslChannel.slack && !school.dslChannel.teams ? 'slack' : 'teams';
}

/**
 * The platforms a school's alert cards go out on, among those the bot runs on (`deps.reach`): each one
 * with a safeguarding channel (named in the pack or registered from chat, as `setup check` finds it);
 * if none has one, each one on which the pack gives a DSL or deputy an id (the card then goes to them
 * one-to-one). Without any platform to ask, or if neither finds one, the pack's `alertPlatform`.
 */
export async function alertPlatforms(deps: Pick<CoreDeps, 'pack' | 'reach'>, school: School): Promise<Array<'teams' | 'slack'>> {
  const reach = deps.reach ?? [];
  const withChannel: Array<'teams' | 'slack'> = [];
  for (const r of reach) if (await r.channel(school.id)) withChannel.push(r.platform);
  if (withChannel.length) return withChannel;
  const team = safeguardingTeam(deps, school);
  const reachable = reach.map((r) => r.platform).filter((p) => team.some((h) => (p === 'teams' ? h.teamsUserId : h.slackUserId)));
  return reachable.length ? reachable : [alertPlatform(school)];
}

/** The outbox id of an alert message on a platform: Teams keeps the plain id, Slack adds `:slack`. */
export function onPlatform(id: string, platform: 'teams' | 'slack'): string {
  return platform === 'slack' ? `${id}:slack` : id;
}

/** The safeguarding team as the card @mentions them. */
export function safeguardingTeam(deps: Pick<CoreDeps, 'pack'>, school: School): HolderRef[] {
  const seen = new Set<string>();
  return SAFEGUARDING_TEAM.flatMap((role) => roleHolders(deps.pack, school, role))
    .map((h) => ({ ...h, key: personKey(h) }))
    .filter((h) => !seen.has(h.key) && seen.add(h.key))
    .map((h) => holderRef(h));
}

function batchFor(input: AlertInput, urgent: boolean, now: Date): { batchId: string; dueAt: string } {
  if (urgent) return { batchId: `${input.schoolId}:urgent:${input.alertId}`, dueAt: now.toISOString() };
  const start = Math.floor(now.getTime() / ALERT_BATCH_MS) * ALERT_BATCH_MS;
  return { batchId: `${input.schoolId}:${new Date(start).toISOString()}`, dueAt: new Date(start + ALERT_BATCH_MS).toISOString() };
}

/**
 * Stores the alert and queues its triage card on each of the school's alert platforms (`alertPlatforms`). Resolves only once both are durable: the card is queued
 * (a draft write) before the record's durable write, so one disk sync covers both. A repeat of an alert
 * id already stored changes nothing and answers `duplicate`.
 */
export async function ingestAlert(deps: CoreDeps, input: AlertInput): Promise<IngestResult> {
  const school = findSchool(deps.pack, input.schoolId);
  if (!school) throw new NotFoundError('school');
  const id = alertDocId(input.alertId);
  const existing = await deps.store.get<AlertRecord>('alerts', input.schoolId, id);
  if (existing) return { outcome: 'duplicate', alert: existing };
  const now = deps.clock.now();
  const urgent = goesUrgent(deps, school, input.severity, now);
  const { batchId, dueAt } = batchFor(input, urgent, now);
  const mentions = urgent ? safeguardingTeam(deps, school) : [];
  for (const platform of await alertPlatforms(deps, school)) {
    await enqueue(
      deps.store,
      {
        id: onPlatform(alertCardId(batchId), platform),
        schoolId: input.schoolId,
        message: 'alert-triage',
        to: { kind: 'dsl-channel' },
        platform,
        alertBatchId: batchId,
        dueAt,
        ...(mentions.length && { mentions }),
      },
      now,
      DRAFT,
    );
  }
  const record: AlertRecord = { id, ...input, receivedAt: now.toISOString(), batchId, status: 'untriaged', ...(urgent && { urgent: true }) };
  try {
    return { outcome: 'accepted', alert: await deps.store.create<AlertRecord>('alerts', record) };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return { outcome: 'duplicate', alert: (await deps.store.get<AlertRecord>('alerts', input.schoolId, id)) as Stored<AlertRecord> };
  }
}
