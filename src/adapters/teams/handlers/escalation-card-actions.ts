/**
 * The case card's buttons (and Add note / Full record on a task card). Core checks who is acting; a
 * refusal is shown in plain words and audited. The person who pressed sees their card redrawn at once;
 * everyone else's copy is updated through the outbox, which is run straight away.
 */
import type { TurnContext } from 'botbuilder';
import { personDeliveries } from '../../../core/assignments/delivery-report';
import { caseSectionsFor } from '../../../core/casefile/record-sections';
import type { OutboxMessage } from '../../../core/delivery/outbox';
import { actOnIncident, readFullRecord, viewEscalationSummary } from '../../../core/incidents/act-on-incident';
import { ESCALATION_ACTIONS, type EscalationAction, SHOW_SUMMARY } from '../../../core/incidents/escalation-actions';
import type { Incident } from '../../../core/incidents/incident';
import { recordNames } from '../../../core/incidents/record-names';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { School } from '../../../core/policy/schema';
import { fullRecordCardData } from '../cards/card-data';
import { caseSharedCardData } from '../cards/case-shared-data';
import { describeCaseShared } from '../../../core/casefile/case-shared-view';
import { readingByShare } from '../../../core/casefile/share-case';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { IncidentPayload, cardValues } from './card-payload';
import { redrawCard } from './redraw-card';
import { plainWords } from './reply';

export const ESCALATION_VERBS: readonly string[] = [...ESCALATION_ACTIONS, SHOW_SUMMARY];

/** The whole record, with who its messages really reached (from the outbox). */
export async function fullRecordCard(ctx: TeamsContext, school: School, incident: Incident, actor: Actor) {
  const messages = await ctx.deps.store.query<OutboxMessage>('outbox', { schoolId: incident.schoolId, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const deliveries = personDeliveries(school, incident, messages, ctx.deps.pack.trust.roles);
  const sections = await caseSectionsFor(ctx.deps, school, incident, actor);
  return renderCard('full-record', fullRecordCardData(incident, school.name, recordNames(ctx.deps.pack, school, incident), deliveries, sections)) as { type: 'AdaptiveCard' };
}

export async function handleEscalationAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '') as EscalationAction;
  const parsed = IncidentPayload.safeParse(data);
  if (!parsed.success || !ESCALATION_VERBS.includes(verb)) {
    ctx.logger.warn('teams.escalation-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const actor = teamsActor(context.activity);
  try {
    let incident: Incident;
    if (verb === 'full-record') incident = await readFullRecord(ctx.deps, actor, parsed.data);
    else if ((verb as string) === SHOW_SUMMARY) incident = await viewEscalationSummary(ctx.deps, actor, parsed.data);
    else {
      const values = cardValues(data);
      // The Refer form's note has its own input id: one card cannot hold two inputs called `note`.
      if (verb === 'refer') values.note = values.referralNote ?? '';
      incident = await actOnIncident(ctx.deps, actor, { ...parsed.data, action: verb, values });
      ctx.deliverNow?.();
    }
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    if (!school) return 'That school is no longer in the policy pack.';
    if (verb === 'full-record') return fullRecordCard(ctx, school, incident, actor);
    // A colleague the case is shared with goes back to their own card, not the leads' case card.
    const share = (verb as string) === SHOW_SUMMARY ? readingByShare(ctx.deps, school, incident, actor) : undefined;
    if (share) return renderCard('case-shared', caseSharedCardData(describeCaseShared(incident, share, ctx.deps.clock.now(), school.timeZone))) as { type: 'AdaptiveCard' };
    return redrawCard(ctx, context, school, incident, actor);
  } catch (error) {
    return plainWords(error, ctx.logger, `escalation.${verb}`);
  }
}
