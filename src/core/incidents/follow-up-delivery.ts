/**
 * `followUpDelivery`: after each attempt to deliver one of an incident's messages, core decides what
 * follows. A safeguarding channel that is not registered means the team are messaged directly. Once
 * every message has been tried, a safeguarding concern that reached nobody in the safeguarding team
 * goes along the chain (the head is told the team is unreachable), and the reporter is told who has
 * been reached and whom to tell in person. The record keeps the same words in its chronology.
 */
import { SAFEGUARDING_TEAM } from '../assignments/assignment-plan';
import { PreconditionFailedError, type Stored } from '../../ports/document-store';
import type { CoreDeps } from '../deps';
import { deliveryPlatform } from '../delivery/delivery-platform';
import { enqueue, type NewMessage, type OutboxMessage } from '../delivery/outbox';
import { type Incident, SYSTEM_ACTOR } from './incident';
import { findSchool } from '../people/resolve-school';
import { personKey } from '../people/person-key';
import { roleHolders } from '../people/role-holders';
import { type PersonDelivery, describeDeliveryReport, personDeliveries } from '../assignments/delivery-report';
import { directLeadMessages, holderRef, idSafe, isFanOut } from '../assignments/fan-out';
import { titleOf } from '../people/role-titles';
import { chainFor } from '../assignments/stand-in-chains';

function reachesTeam(incident: Incident, message: OutboxMessage): boolean {
  if (message.status !== 'sent') return false;
  if (message.to.kind === 'dsl-channel') return true;
  if (message.to.kind !== 'holder') return false;
  const key = message.to.holder.key;
  return (incident.routing.people ?? []).some((p) => p.key === key && p.roles.some((r) => SAFEGUARDING_TEAM.includes(r)));
}

/** The first role after the safeguarding team on the DSL's chain with someone who may be told. */
function nextAfterTeam(deps: CoreDeps, incident: Incident) {
  const school = findSchool(deps.pack, incident.schoolId);
  const excluded = new Set(incident.routing.excludedPeople ?? []);
  for (const role of chainFor(deps.pack, 'dsl')) {
    if (SAFEGUARDING_TEAM.includes(role) || incident.routing.excludedRoles?.includes(role)) continue;
    const holders = roleHolders(deps.pack, school, role).filter((h) => !excluded.has(personKey(h)));
    if (holders.length) return { role, holders };
  }
  return undefined;
}

async function addChronology(deps: CoreDeps, incident: Stored<Incident>, action: string, detail: string): Promise<void> {
  let current: Stored<Incident> | undefined = incident;
  for (let attempt = 0; current && attempt < 5; attempt++) {
    const { _etag, ...doc } = current;
    try {
      await deps.store.replace<Incident>('incidents', { ...doc, chronology: [...doc.chronology, { at: deps.clock.now().toISOString(), by: SYSTEM_ACTOR, action, detail }] }, _etag);
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      current = await deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
    }
  }
}

/** Every outbox id an incident's fan-out can have used: fixed by the plan, so each is one point read. */
function fanOutIds(deps: CoreDeps, incident: Incident): string[] {
  const people = incident.routing.people ?? [];
  const keys = people.map((p) => idSafe(p.key));
  const standIns = (nextAfterTeam(deps, incident)?.holders ?? []).map((h) => idSafe(personKey(h)));
  return [
    `${incident.id}:escalation`,
    `${incident.id}:delivery-report`,
    ...keys.map((k) => `${incident.id}:to:${k}`),
    ...people.filter((p) => p.viaChannel).map((p) => `${incident.id}:lead:${idSafe(p.key)}`),
    ...standIns.map((k) => `${incident.id}:team-unreachable:${k}`),
  ];
}

async function readFanOut(deps: CoreDeps, incident: Incident): Promise<OutboxMessage[]> {
  const found = await Promise.all(fanOutIds(deps, incident).map((id) => deps.store.get<OutboxMessage>('outbox', incident.schoolId, id)));
  return found.filter((m): m is Stored<OutboxMessage> => Boolean(m));
}

/** What follows one attempt to deliver an incident's message (see the file's comment); does nothing for any other message. Safe to run twice. */
export async function followUpDelivery(deps: CoreDeps, message: Stored<OutboxMessage>): Promise<void> {
  if (!isFanOut(message) || !message.incidentId) return;
  const incident = await deps.store.get<Incident>('incidents', message.schoolId, message.incidentId);
  const school = findSchool(deps.pack, message.schoolId);
  if (!incident || !school) return;
  const now = deps.clock.now();
  if (message.to.kind === 'dsl-channel' && message.status === 'unreachable') {
    for (const lead of directLeadMessages(incident)) await enqueue(deps.store, lead, now);
  }
  // Point reads of the ids the plan can have made (no scan of the outbox, however large it grows).
  const all = await readFanOut(deps, incident);
  const fan = all.filter(isFanOut);
  if (fan.some((m) => m.attempts === 0 || m.status === 'sending')) return;
  if (all.some((m) => m.id === `${incident.id}:delivery-report`)) return;
  const platform = deliveryPlatform({ to: { kind: 'role', role: 'dsl' } }, incident) ?? 'teams';
  const trust = deps.pack.trust.roles;

  let teamUnreachable: string | undefined;
  const teamLeads = incident.routing.destination.kind === 'dsl-channel' || SAFEGUARDING_TEAM.includes(incident.routing.destination.kind === 'role-direct' ? incident.routing.destination.role : '');
  if (incident.routing.safeguarding && teamLeads && !fan.some((m) => reachesTeam(incident, m))) {
    const next = nextAfterTeam(deps, incident);
    const team = (incident.routing.people ?? []).filter((p) => p.roles.some((r) => SAFEGUARDING_TEAM.includes(r))).map((p) => p.name);
    if (next) {
      const queued = all.some((m) => m.id.startsWith(`${incident.id}:team-unreachable:`));
      if (!queued) {
        const title = titleOf(school, next.role, trust);
        const words = `Nobody in the safeguarding team (${team.join(', ') || 'none named'}) could be reached about ${incident.reference}${incident.routing.urgent ? ', an URGENT safeguarding concern' : ', a safeguarding concern'}. Please find one of them in person or by phone now.`;
        for (const holder of next.holders) {
          const to = { kind: 'holder' as const, holder: holderRef({ key: personKey(holder), ...holder }) };
          const notice: NewMessage = {
            schoolId: incident.schoolId,
            incidentId: incident.id,
            id: `${incident.id}:team-unreachable:${idSafe(personKey(holder))}`,
            message: 'team-unreachable',
            to,
            text: words,
          };
          await enqueue(deps.store, notice, now);
        }
        await addChronology(deps, incident, 'team-unreachable', `The safeguarding team could not be reached; the ${title} was told.`);
        return; // The report waits until the stand-in has been tried too.
      }
      teamUnreachable = `Nobody in the safeguarding team could be reached, so the ${titleOf(school, next.role, trust)} has been asked to find them. Tell the ${titleOf(school, 'dsl', trust)} in person or by phone now.`;
    } else {
      teamUnreachable = `Nobody in the safeguarding team could be reached. Tell the ${titleOf(school, 'dsl', trust)} in person or by phone now.`;
    }
  }

  const deliveries = personDeliveries(school, incident, all, trust);
  const standIns = all.filter((m) => m.id.startsWith(`${incident.id}:team-unreachable:`) && m.to.kind === 'holder');
  const standInRole = standIns.length ? nextAfterTeam(deps, incident)?.role : undefined;
  for (const m of standIns) {
    if (m.to.kind !== 'holder') continue;
    const key = m.to.holder.key;
    const state: PersonDelivery['state'] = m.status === 'sent' ? 'delivered' : m.unreachable ? 'unreachable' : 'trying';
    const entry = { state, part: 'task' as const, ...(state === 'delivered' && { how: 'direct' as const }), ...(m.unreachable && { reason: m.unreachable.reason }) };
    // Someone already in the plan (the head told for information) now has a job: one line for them, not two.
    const known = deliveries.find((d) => d.key === key);
    if (known) Object.assign(known, entry);
    else deliveries.push({ key, who: standInRole ? `${m.to.holder.name}, ${titleOf(school, standInRole, trust)}` : m.to.holder.name, ...entry });
  }
  const report = describeDeliveryReport(incident.reference, platform, deliveries, { teamUnreachable });
  const fresh = await enqueue(
    deps.store,
    { schoolId: incident.schoolId, incidentId: incident.id, id: `${incident.id}:delivery-report`, message: 'delivery-report', to: { kind: 'person', person: incident.reporter }, report },
    now,
  );
  if (fresh) {
    const detail = [
      `Reached: ${report.reached.join('; ') || 'nobody'}.`,
      report.notReached.length ? `Not reached: ${report.notReached.join('; ')}.` : '',
      report.trying.length ? `Still trying: ${report.trying.join('; ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const latest = await deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
    if (latest) await addChronology(deps, latest, 'told', detail);
  }
}
