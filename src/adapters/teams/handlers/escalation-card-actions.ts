/**
 * The escalation card's buttons. Core checks who is acting; a refusal is shown in plain words and
 * audited. The person who pressed sees the new card at once; everyone else's copy is updated through
 * the outbox.
 */
import type { TurnContext } from 'botbuilder';
import { actOnIncident, readFullRecord, viewEscalationSummary } from '../../../core/incidents/act-on-incident';
import { ESCALATION_ACTIONS, type EscalationAction, SHOW_SUMMARY } from '../../../core/incidents/escalation-actions';
import { describeEscalation } from '../../../core/incidents/escalation-view';
import { recordNames } from '../../../core/incidents/record-names';
import { findSchool } from '../../../core/people/resolve-school';
import { escalationCardData, fullRecordCardData } from '../cards/card-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { IncidentPayload, cardValues } from './card-payload';
import { plainWords } from './reply';

export const ESCALATION_VERBS: readonly string[] = [...ESCALATION_ACTIONS, SHOW_SUMMARY];

export async function handleEscalationAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '') as EscalationAction;
  const parsed = IncidentPayload.safeParse(data);
  if (!parsed.success || !ESCALATION_VERBS.includes(verb)) {
    ctx.logger.warn('teams.escalation-bad-payload', { verb });
    return 'This card\'s details were not recognised, so nothing was changed.';
  }
  const actor = teamsActor(context.activity);
  try {
    if (verb === 'full-record') {
      const incident = await readFullRecord(ctx.deps, actor, parsed.data);
      const school = findSchool(ctx.deps.pack, incident.schoolId);
      if (!school) return 'That school is no longer in the policy pack.';
      return renderCard('full-record', fullRecordCardData(incident, school.name, recordNames(ctx.deps.pack, school, incident))) as { type: 'AdaptiveCard' };
    }
    const values = cardValues(data);
    // The Refer form's note has its own input id: one card cannot hold two inputs called `note`.
    if (verb === 'refer') values.note = values.referralNote ?? '';
    if ((verb as string) === SHOW_SUMMARY) {
      const incident = await viewEscalationSummary(ctx.deps, actor, parsed.data);
      const school = findSchool(ctx.deps.pack, incident.schoolId);
      if (!school) return 'That school is no longer in the policy pack.';
      return renderCard('dsl-escalation', escalationCardData(describeEscalation(ctx.deps.pack, school, incident))) as { type: 'AdaptiveCard' };
    }
    const incident = await actOnIncident(ctx.deps, actor, { ...parsed.data, action: verb, values });
    const school = findSchool(ctx.deps.pack, incident.schoolId);
    if (!school) return 'That school is no longer in the policy pack.';
    return renderCard('dsl-escalation', escalationCardData(describeEscalation(ctx.deps.pack, school, incident))) as { type: 'AdaptiveCard' };
  } catch (error) {
    return plainWords(error, ctx.logger, `escalation.${verb}`);
  }
}
