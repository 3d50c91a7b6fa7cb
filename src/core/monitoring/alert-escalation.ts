/**
 * A severe monitoring alert nobody triages goes up the chain, as an urgent incident does: once it has
 * waited the school's `urgent.escalateToHeadAfterMinutes`, the holders of the first role past the
 * safeguarding team on the DSL's chain (the head, by default) are each told in their own chat, once
 * (a fixed outbox id per alert and person). Their message shows only category, severity, time and the
 * device or user reference, says nobody in the safeguarding team has triaged it, and has no triage
 * buttons: only the DSL or a deputy may triage, so it tells them to reach one now.
 *
 * Choice: severe alerts received in school hours escalate too, after the same wait. A high or critical
 * self-harm alert untriaged for 15 minutes in the school day is the same risk as one at night; only the
 * card and nag before it differ (a batched card in hours, a card of its own at once out of hours).
 */
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { holderRef, idSafe } from '../assignments/fan-out';
import { chainFor } from '../assignments/stand-in-chains';
import { localTime } from '../calendar/school-calendar';
import type { CoreDeps } from '../deps';
import { enqueue, type HolderRef, type OutboxMessage } from '../delivery/outbox';
import type { NoticeView } from '../incidents/notice-views';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import { titleOf } from '../people/role-titles';
import type { ContactKey, PersonIdentity, PolicyPack, School } from '../policy/schema';
import { CATEGORY_WORDS } from './alert-card-view';
import { type AlertRecord, isSevere } from './alert-record';
import { alertPlatforms } from './ingest-alert';

/** Severe alerts received in school hours escalate as well as those out of hours (see the header). */
export const ESCALATE_SEVERE_IN_HOURS = true;

/** The contacts whose phone numbers the escalation lists, for a child who may be in danger now. */
export const ESCALATION_CONTACTS: readonly ContactKey[] = ['police-emergency', 'childrens-social-care'];

/** The outbox id of one person's escalation of one alert: fixed, so they are told once. */
export function alertEscalationId(alert: Pick<AlertRecord, 'id'>, holderKey: string): string {
  return `alert-up:${alert.id}:${idSafe(holderKey)}`;
}

/** True when an untriaged alert goes up the chain (severe; out of hours, or in hours too as chosen above). */
export function escalates(alert: Pick<AlertRecord, 'severity' | 'urgent' | 'status'>): boolean {
  return alert.status !== 'triaged' && isSevere(alert.severity) && (alert.urgent === true || ESCALATE_SEVERE_IN_HOURS);
}

/** The first role past the safeguarding team on the DSL's chain with a holder outside the team, and those holders. */
export function nextUpForAlerts(deps: Pick<CoreDeps, 'pack'>, school: School): { role: string; holders: HolderRef[] } | undefined {
  const team = new Set(SAFEGUARDING_TEAM.flatMap((r) => roleHolders(deps.pack, school, r)).map((h) => personKey(h)));
  for (const role of chainFor(deps.pack, 'dsl')) {
    if (SAFEGUARDING_TEAM.includes(role)) continue;
    const holders = roleHolders(deps.pack, school, role)
      .map((h) => ({ ...h, key: personKey(h) }))
      .filter((h, i, all) => !team.has(h.key) && all.findIndex((o) => o.key === h.key) === i);
    if (holders.length) return { role, holders: holders.map((h) => holderRef(h)) };
  }
  return undefined;
}

function platformFor(holder: HolderRef, platforms: Array<'teams' | 'slack'>): 'teams' | 'slack' {
  const has = (p: 'teams' | 'slack') => Boolean(p === 'teams' ? holder.teamsUserId : holder.slackUserId);
  return platforms.find(has) ?? (holder.teamsUserId ? 'teams' : holder.slackUserId ? 'slack' : (platforms[0] ?? 'teams'));
}

/** Queues the escalations due now among a school's untriaged alerts; returns how many were new. Safe to run again. */
export async function queueAlertEscalations(deps: CoreDeps, school: School, waiting: AlertRecord[], now: Date): Promise<number> {
  const afterMs = school.urgent.escalateToHeadAfterMinutes * 60_000;
  const due = waiting.filter((a) => escalates(a) && now.getTime() - Date.parse(a.receivedAt) >= afterMs);
  if (!due.length) return 0;
  const next = nextUpForAlerts(deps, school);
  if (!next) return 0;
  const platforms = await alertPlatforms(deps, school);
  let queued = 0;
  for (const alert of due) {
    for (const holder of next.holders) {
      const message = {
        id: alertEscalationId(alert, holder.key),
        schoolId: school.id,
        message: 'alert-escalation' as const,
        to: { kind: 'holder' as const, holder },
        platform: platformFor(holder, platforms),
        alertRef: alert.id,
      };
      if (await enqueue(deps.store, message, now)) queued++;
    }
  }
  return queued;
}

function contactLines(pack: Pick<PolicyPack, 'contacts'>, school: School): string[] {
  // A phone with no digit in it is the pack's placeholder ("REPLACE with…"), not a number to ring.
  return ESCALATION_CONTACTS.flatMap((key) => {
    const c = school.contacts[key] ?? pack.contacts[key];
    return c?.phone && /\d/.test(c.phone) ? [`${c.name}: ${c.phone}`] : [];
  });
}

function teamLine(deps: Pick<CoreDeps, 'pack'>, school: School): string | undefined {
  const named = SAFEGUARDING_TEAM.flatMap((role) => {
    const holders = roleHolders(deps.pack, school, role) as PersonIdentity[];
    return holders.length ? [`${titleOf(school, role, deps.pack.trust.roles)}: ${holders.map((h) => h.name).join(', ')}`] : [];
  });
  return named.length ? named.join('. ') : undefined;
}

/** What the person up the chain is told (pure): the alert's four facts, why they hear of it, and what to do. */
export function describeAlertEscalation(deps: Pick<CoreDeps, 'pack'>, school: School, alert: AlertRecord, now: Date): NoticeView {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(alert.receivedAt)) / 60_000));
  const t = localTime(new Date(alert.occurredAt), school.timeZone);
  const severity = alert.severity[0]?.toUpperCase() + alert.severity.slice(1);
  const team = teamLine(deps, school);
  const contacts = contactLines(deps.pack, school);
  return {
    title: `Monitoring alert not triaged: ${alert.severity}, ${CATEGORY_WORDS[alert.category]}`,
    lines: [
      `Nobody in the safeguarding team has triaged this alert for ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      `${severity} · ${CATEGORY_WORDS[alert.category]}. Time: ${t.date} ${t.time}. Device or user: ${alert.reference}.`,
      'Only the DSL or a deputy can triage it. Please reach the DSL or a deputy now.',
      ...(team ? [team] : []),
      ...(contacts.length ? [`If a child may be in danger and you cannot reach them: ${contacts.join('; ')}.`] : []),
      'The monitoring service holds what was captured; this message never shows it.',
    ],
  };
}

/** What a queued escalation says now; undefined once the alert was triaged (or is gone), so nothing untrue is sent. */
export async function describeQueuedAlertEscalation(deps: CoreDeps, message: Pick<OutboxMessage, 'schoolId' | 'alertRef'>): Promise<NoticeView | undefined> {
  const school = deps.pack.schools.find((s) => s.id === message.schoolId);
  if (!school || !message.alertRef) return undefined;
  const alert = await deps.store.get<AlertRecord>('alerts', school.id, message.alertRef);
  if (!alert || alert.status === 'triaged') return undefined;
  return describeAlertEscalation(deps, school, alert, deps.clock.now());
}
