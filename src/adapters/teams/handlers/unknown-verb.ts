/**
 * A card button no route knows (an old card from an earlier version, or a forged press): refused in
 * words the person can read, and one log line naming the verb, so it is neither silent nor a blank 200.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { TeamsContext } from '../teams-context';

export const UNKNOWN_VERB_WORDS = 'This button is not recognised, so nothing was changed. Type report to start again.';

export function isCardAction(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action';
}

export async function handleUnknownVerb(ctx: TeamsContext, context: TurnContext): Promise<void> {
  const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  ctx.logger.warn('teams.unknown-verb', { verb: typeof verb === 'string' ? verb.slice(0, 64) : typeof verb });
  // The Universal Actions error answer, as botbuilder's own ActivityHandler gives for a bad card action:
  // the invoke is 400 and its body carries the words for the person.
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: UNKNOWN_VERB_WORDS } } },
  });
}
