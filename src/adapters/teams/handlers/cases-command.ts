/**
 * `cases` (and `cases pupil <name>`, `cases <type words>`) in a 1:1 chat: the open cases the person may
 * lead, overdue first, each with its Full record button; the card's type choice narrows it. Never in a
 * channel: narrowed by pupil it names the child.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { type CaseFilter, listCases, readCaseFilter } from '../../../core/casefile/case-list';
import { describeCases } from '../../../core/casefile/cases-view';
import type { Command } from '../../../core/commands/parse-command';
import { noticeCardData } from '../cards/card-data';
import { casesCardData } from '../cards/cases-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';

const PRIVATE_ONLY = ['Your case list can name pupils, so I only show it in a private chat.'];

async function casesCard(ctx: TeamsContext, context: TurnContext, filter: CaseFilter) {
  return renderCard('cases', casesCardData(describeCases(await listCases(ctx.deps, teamsActor(context.activity), filter)))) as { type: 'AdaptiveCard' };
}

/** Answers a typed `cases …`, only in a 1:1 chat. */
export async function handleCases(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'cases' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData('Please ask me in a 1:1 chat', PRIVATE_ONLY)))));
    return;
  }
  try {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(await casesCard(ctx, context, readCaseFilter(command.text)))));
  } catch (error) {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData('That did not work', [plainWords(error, ctx.logger, 'cases')])))));
  }
}

const FilterData = z.object({
  schoolId: z.string().min(1).max(100),
  choice: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9-]+$/),
});

/** The card's Show button: the list again, narrowed to the chosen type (or all). */
export async function handleCasesFilter(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const parsed = FilterData.safeParse(data);
  if (!parsed.success) return "This card's details were not recognised, so nothing was changed.";
  if (!isPersonal(context.activity)) return PRIVATE_ONLY[0] as string;
  try {
    return await casesCard(ctx, context, parsed.data.choice === 'all' ? {} : { type: parsed.data.choice });
  } catch (error) {
    return plainWords(error, ctx.logger, 'cases.filter');
  }
}
