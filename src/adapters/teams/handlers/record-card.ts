/**
 * The full record as the card a case-file button answers with (an audited read in core), and the same
 * after a save: once a form's change is saved, a record that cannot be drawn again is answered with
 * what was saved and how to see it, never with words saying nothing changed (which invite a second save).
 */
import { readFullRecord } from '../../../core/incidents/act-on-incident';
import type { Actor } from '../../../core/people/actor';
import { findSchool } from '../../../core/people/resolve-school';
import type { TeamsContext } from '../teams-context';
import { fullRecordCard } from './escalation-card-actions';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** Said after a save whose record could not be drawn again, so nobody saves the same thing twice. */
export const SAVED_BUT_NOT_SHOWN = 'The full record could not be shown just now: open it again with Full record to see it (do not save the form again).';

/** The incident's full record card for a permitted reader (core refuses and audits anyone else). */
export async function recordCard(ctx: TeamsContext, actor: Actor, ref: { schoolId: string; incidentId: string }): Promise<Card | string> {
  const incident = await readFullRecord(ctx.deps, actor, ref);
  const school = findSchool(ctx.deps.pack, incident.schoolId);
  if (!school) return 'That school is no longer in the policy pack.';
  return fullRecordCard(ctx, school, incident, actor);
}

/** The record after a save; if it cannot be drawn, `saved` (what was saved) and how to see it. The failure is logged under `logAs`. */
export async function recordCardAfterSave(ctx: TeamsContext, actor: Actor, ref: { schoolId: string; incidentId: string }, saved: string, logAs: string): Promise<Card | string> {
  try {
    return await recordCard(ctx, actor, ref);
  } catch (error) {
    plainWords(error, ctx.logger, logAs);
    return `${saved} ${SAVED_BUT_NOT_SHOWN}`;
  }
}
