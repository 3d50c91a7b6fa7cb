/**
 * The monitoring alert card's buttons in Teams: "Open a case", "Not a concern" (with its reason) and
 * "Already known" (a case chosen from the school's open cases, or a reference typed). The card carries only the school and the alert's opaque
 * id; core loads the alert and checks the person is the DSL or a deputy (a refusal is audited). The
 * answer is the card drawn again from the store, with what was decided.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { InvalidInputError } from '../../../core/errors';
import { ALERT_ACTIONS, describeBatch } from '../../../core/monitoring/alert-card-view';
import type { AlertRecord } from '../../../core/monitoring/alert-record';
import { decisionFrom, triageAlert } from '../../../core/monitoring/triage-alert';
import { findSchool } from '../../../core/people/resolve-school';
import { alertTriageCardData } from '../cards/alert-triage-data';
import { noticeCardData } from '../cards/card-data';
import { renderCard } from '../cards/render-card';
import { teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';

type Card = { type: 'AdaptiveCard' };

/** The verbs this handler answers. */
export const ALERT_VERBS: readonly string[] = Object.values(ALERT_ACTIONS);

const opaqueId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9:_.@#/-]+$/);
const AlertPayload = z.object({ schoolId: opaqueId, ref: opaqueId, row: z.string().regex(/^\d{1,3}$/) });

const notice = (title: string, lines: string[]) => renderCard('notice', noticeCardData(title, lines)) as Card;

/** Handles one alert button; answers with the card again, or plain words. */
export async function handleAlertAction(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>): Promise<Card | string> {
  const verb = String(context.activity.value?.action?.verb ?? '');
  const parsed = AlertPayload.safeParse(data);
  if (!parsed.success || !ALERT_VERBS.includes(verb)) {
    ctx.logger.warn('teams.alert-bad-payload', { verb });
    return "This card's details were not recognised, so nothing was changed.";
  }
  const { schoolId, ref, row } = parsed.data;
  const decision = decisionFrom(verb, { reason: data[`reason_${row}`], caseId: data[`known_${row}`], caseReference: data[`case_${row}`] });
  const school = findSchool(ctx.deps.pack, schoolId);
  if (!decision || !school) return "This card's details were not recognised, so nothing was changed.";
  const cardFor = async (batchId: string, problem?: string[]) => {
    const view = await describeBatch(ctx.deps, school, batchId);
    return renderCard('alert-triage', alertTriageCardData(problem ? { ...view, lines: [...problem, ...view.lines] } : view, schoolId)) as Card;
  };
  try {
    const { alert } = await triageAlert(ctx.deps, teamsActor(context.activity), schoolId, ref, decision);
    ctx.deliverNow?.();
    return await cardFor(alert.batchId);
  } catch (error) {
    const words = error instanceof InvalidInputError ? [`Nothing was changed: ${Object.values(error.fieldErrors).join(' ')}`] : [plainWords(error, ctx.logger, `alert.${verb}`)];
    const alert = await ctx.deps.store.get<AlertRecord>('alerts', schoolId, ref).catch(() => undefined);
    return alert ? cardFor(alert.batchId, words) : notice('That did not work', words);
  }
}
