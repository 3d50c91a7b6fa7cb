/**
 * The full record's evidence and device-custody buttons. "Open" answers only in the person's 1:1 chat
 * with a one-time link to the bot's own route (core checks and audits; the link lasts minutes and works
 * once), so no copy of the file is left in Teams: a data: URL in a card is too big for most screenshots,
 * and a Teams file send would put the file in the reader's OneDrive. "Add evidence" says how. "Record
 * device custody" opens the form card and its Save writes the entry, then redraws the record.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { CUSTODY_ACTIONS, EVIDENCE_ACTIONS, howToAddEvidence } from '../../../core/casefile/evidence-section';
import { issueEvidenceLink } from '../../../core/casefile/open-evidence';
import { openCustodyForm, recordCustody } from '../../../core/casefile/record-custody';
import { localTime } from '../../../core/calendar/school-calendar';
import { InvalidInputError } from '../../../core/errors';
import { viewEscalationSummary } from '../../../core/incidents/act-on-incident';
import type { Incident } from '../../../core/incidents/incident';
import { findSchool } from '../../../core/people/resolve-school';
import { custodyFormCardData } from '../cards/evidence-custody-data';
import { renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { cardValues } from './card-payload';
import { fullRecordCard } from './escalation-card-actions';
import { SAVED_BUT_NOT_SHOWN } from './record-card';
import { plainWords } from './reply';

/** The verbs this handler answers. */
export const EVIDENCE_VERBS: readonly string[] = [...Object.values(EVIDENCE_ACTIONS), ...Object.values(CUSTODY_ACTIONS)];

const opaqueId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9:_-]+$/);
const Payload = z.object({ schoolId: opaqueId, incidentId: opaqueId, ref: opaqueId.optional().or(z.literal('')) });

function custodyCard(incident: Incident, values: Record<string, string>, errors: string[] = []) {
  return renderCard('evidence-custody', custodyFormCardData({ schoolId: incident.schoolId, incidentId: incident.id, reference: incident.reference, values, errors })) as { type: 'AdaptiveCard' };
}

export async function handleEvidenceAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = Payload.safeParse(data);
  if (!parsed.success || !EVIDENCE_VERBS.includes(verb)) {
    ctx.logger.warn('teams.evidence-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const { schoolId, incidentId, ref } = parsed.data;
  const actor = teamsActor(context.activity);
  try {
    switch (verb) {
      case EVIDENCE_ACTIONS.open: {
        if (!isPersonal(context.activity)) return 'Evidence opens only in your 1:1 chat with me, never in a channel. Open the full record there and press Open again.';
        if (!ref) return "This card's details were not recognised, so nothing was changed.";
        const link = await issueEvidenceLink(ctx.deps, actor, { schoolId, incidentId, evidenceId: ref });
        await context.sendActivity({
          type: 'message',
          textFormat: 'markdown',
          text: `[Open ${link.record.fileName.replace(/[[\]()]/g, '')}](${link.url})\n\nThe link works once, for the next ${link.minutes} minutes, and opening it is recorded. Do not forward it.`,
        });
        return 'I have sent you a link to the file in this chat.';
      }
      case EVIDENCE_ACTIONS.how: {
        const incident = await viewEscalationSummary(ctx.deps, actor, { schoolId, incidentId });
        return howToAddEvidence(incident.reference);
      }
      case CUSTODY_ACTIONS.form: {
        const incident = await openCustodyForm(ctx.deps, actor, { schoolId, incidentId });
        const school = findSchool(ctx.deps.pack, schoolId);
        const now = localTime(ctx.deps.clock.now(), school?.timeZone);
        return custodyCard(incident, { takenBy: actor.name, date: now.date, time: now.time.slice(0, 5) });
      }
      default: {
        const values = cardValues(data);
        let incident: Incident;
        try {
          incident = await recordCustody(ctx.deps, actor, { schoolId, incidentId, values });
        } catch (error) {
          if (error instanceof InvalidInputError) {
            const current = await openCustodyForm(ctx.deps, actor, { schoolId, incidentId });
            return custodyCard(current, values, Object.values(error.fieldErrors));
          }
          throw error;
        }
        ctx.deliverNow?.();
        const school = findSchool(ctx.deps.pack, incident.schoolId);
        if (!school) return 'That school is no longer in the policy pack.';
        // Saved: if the record cannot be drawn again now, say it was saved, never that nothing changed.
        return await fullRecordCard(ctx, school, incident, actor).catch((error) => {
          plainWords(error, ctx.logger, 'evidence.redraw');
          return `The custody entry is saved in the record. ${SAVED_BUT_NOT_SHOWN}`;
        });
      }
    }
  } catch (error) {
    return plainWords(error, ctx.logger, `evidence.${verb}`);
  }
}
