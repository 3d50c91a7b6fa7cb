/**
 * `/report unblock …` and `/report filtering log|log csv|block …|category …` in Slack: answered privately
 * (ephemeral) wherever typed. Core reads, checks and records; this only draws the answer.
 */
import { explainError } from '../../../core/explain-error';
import { InvalidInputError } from '../../../core/errors';
import { FILTERING_CHANGE_USAGE, describeLoggedChange, readFilteringRequest, readFilteringLog, recordFilteringChange } from '../../../core/filtering/filtering-log';
import { describeRequestReply } from '../../../core/filtering/filtering-view';
import { requestUnblock } from '../../../core/filtering/request-unblock';
import { UNBLOCK_USAGE } from '../../../core/filtering/unblock-text';
import type { Actor } from '../../../core/people/actor';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { escapeText } from '../views/block-kit';
import { filteringMessage } from '../views/filtering-message';
import type { SlackMessage } from '../views/slack-types';
import { csvCutWords, fitCsv } from '../../../core/text/csv';

/** A private answer: plain text, or a message with blocks. */
type Answer = { text: string; blocks?: SlackMessage['blocks'] };

function problem(ctx: SlackContext, error: unknown, where: string): Answer {
  const words = error instanceof InvalidInputError ? Object.values(error.fieldErrors).join(' ') : explainError(error, ctx.logger, where);
  return { text: escapeText(words) };
}

/** The private answer to `/report unblock …`. */
export async function answerUnblock(ctx: SlackContext, actor: Actor, text: string): Promise<Answer> {
  if (!text) return { text: escapeText(UNBLOCK_USAGE.join('\n')) };
  try {
    const outcome = await requestUnblock(ctx.deps, actor, text);
    ctx.deliverNow();
    return filteringMessage(describeRequestReply(outcome, resolveSchool(ctx.deps.pack, actor), ctx.deps.clock.now()));
  } catch (error) {
    return problem(ctx, error, 'slack.unblock');
  }
}

/** The private answer to `/report filtering …`. */
export async function answerFiltering(ctx: SlackContext, actor: Actor, text: string): Promise<Answer> {
  const request = readFilteringRequest(text);
  try {
    switch (request.kind) {
      case 'log': {
        const log = await readFilteringLog(ctx.deps, actor);
        if (request.csv) {
          const csv = fitCsv(log.csv, 3500);
          const cut = csvCutWords(csv, 'entries');
          return { text: `The filtering log as CSV (${log.count} entries; copy into a file):\n\`\`\`\n${escapeText(csv.text)}\`\`\`${cut ? `\n${cut}` : ''}` };
        }
        return { text: escapeText([`${log.title}`, ...log.lines, 'Type /report filtering log csv for every entry as a spreadsheet.'].join('\n')) };
      }
      case 'change': {
        const said = describeLoggedChange(await recordFilteringChange(ctx.deps, actor, request.change, request.words));
        return { text: escapeText(`${said.title}. ${said.line}`) };
      }
      default:
        return { text: escapeText(['Type /report filtering log to see every change to the web filter, or /report filtering log csv for a spreadsheet.', ...FILTERING_CHANGE_USAGE].join('\n')) };
    }
  } catch (error) {
    return problem(ctx, error, 'slack.filtering');
  }
}
