/**
 * `unblock <address> for <how long> because <why>` (anyone, in a 1:1 chat) and `filtering log` / `filtering log csv` / `filtering block …` /
 * `filtering category …` (1:1 chat only: the log names staff). Core reads, checks and records; this only
 * draws the answer.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Command } from '../../../core/commands/parse-command';
import { InvalidInputError } from '../../../core/errors';
import { FILTERING_CHANGE_USAGE, describeLoggedChange, readFilteringRequest, readFilteringLog, recordFilteringChange } from '../../../core/filtering/filtering-log';
import { describeRequestReply, type FilteringView } from '../../../core/filtering/filtering-view';
import { requestUnblock } from '../../../core/filtering/request-unblock';
import { UNBLOCK_USAGE } from '../../../core/filtering/unblock-text';
import { resolveSchool } from '../../../core/people/resolve-school';
import { noticeCardData } from '../cards/card-data';
import { filteringCardData } from '../cards/filtering-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';
import { csvCutWords, fitCsv } from '../../../core/text/csv';
import { TEAMS_CSV_CHARS } from './chat-csv';

const notice = (title: string, lines: string[]) => MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData(title, lines))));
const card = (view: FilteringView) => MessageFactory.attachment(cardAttachment(renderCard('filtering', filteringCardData(view))));

function problemLines(ctx: TeamsContext, error: unknown, where: string): string[] {
  if (error instanceof InvalidInputError) return Object.values(error.fieldErrors);
  return [plainWords(error, ctx.logger, where)];
}

/** Answers a typed `unblock …`. */
export async function handleUnblock(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'unblock' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(
      notice('Please ask me in a 1:1 chat', ['Your reason and the approver’s answer stay between you, the approver and the log, so I take unblock requests in a private chat.']),
    );
    return;
  }
  if (!command.text) {
    await context.sendActivity(notice('Which site, for how long, and why?', UNBLOCK_USAGE));
    return;
  }
  const actor = teamsActor(context.activity);
  try {
    const outcome = await requestUnblock(ctx.deps, actor, command.text);
    await context.sendActivity(card(describeRequestReply(outcome, resolveSchool(ctx.deps.pack, actor), ctx.deps.clock.now())));
  } catch (error) {
    await context.sendActivity(notice('Nothing was asked', problemLines(ctx, error, 'unblock')));
  }
}

/** Answers a typed `filtering …`, only in a 1:1 chat. */
export async function handleFiltering(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'filtering' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(notice('Please ask me in a 1:1 chat', ['The filtering log names staff, so I only show it in a private chat.']));
    return;
  }
  const actor = teamsActor(context.activity);
  const request = readFilteringRequest(command.text);
  try {
    switch (request.kind) {
      case 'log': {
        const log = await readFilteringLog(ctx.deps, actor);
        if (request.csv) {
          const csv = fitCsv(log.csv, TEAMS_CSV_CHARS);
          const cut = csvCutWords(csv, 'entries');
          await context.sendActivity(MessageFactory.text(`The filtering log as CSV (${log.count} entries; copy into a file):\n\n\`\`\`\n${csv.text}\`\`\`${cut ? `\n\n${cut}` : ''}`));
          return;
        }
        await context.sendActivity(notice(log.title, [...log.lines, 'Type filtering log csv for every entry as a spreadsheet.']));
        return;
      }
      case 'change': {
        const said = describeLoggedChange(await recordFilteringChange(ctx.deps, actor, request.change, request.words));
        await context.sendActivity(notice(said.title, [said.line]));
        return;
      }
      default:
        await context.sendActivity(notice('Filtering', ['Type filtering log to see every change to the web filter, or filtering log csv for a spreadsheet.', ...FILTERING_CHANGE_USAGE]));
    }
  } catch (error) {
    await context.sendActivity(notice('That did not work', problemLines(ctx, error, 'filtering')));
  }
}
