/**
 * `digest` (this week's digest for my school, now), `digest trust` (every school, for the trust's
 * safeguarding lead) and `digest governors 2025-09-01 2026-08-31` (the governors' report and its CSV).
 * Only in a 1:1 chat: they name references and staff.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Command } from '../../../core/commands/parse-command';
import { describeDigest, describeTrustDigest } from '../../../core/digest/digest-view';
import { readGovernorsReport } from '../../../core/digest/governors-report';
import { readSchoolDigest, readTrustDigest } from '../../../core/digest/read-digest';
import { digestCardData, noticeCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';
import { csvCutWords, fitCsv } from '../../../core/text/csv';
import { TEAMS_CSV_CHARS } from './chat-csv';

const card = (name: 'digest' | 'notice', data: object) => MessageFactory.attachment(cardAttachment(renderCard(name, data)));

/** Answers a parsed `digest` command, only in a 1:1 chat. */
export async function handleDigest(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'digest' }>): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(card('notice', noticeCardData('Please ask me in a 1:1 chat', ['The digest names references and staff, so I only show it in a private chat.'])));
    return;
  }
  const actor = teamsActor(context.activity);
  try {
    if (command.sub === 'trust') {
      const digests = await readTrustDigest(ctx.deps, actor);
      await context.sendActivity(card('digest', digestCardData(describeTrustDigest(ctx.deps.pack.trust.name, digests))));
      return;
    }
    if (command.sub === 'governors') {
      const report = await readGovernorsReport(ctx.deps, actor, command.from, command.to);
      await context.sendActivity(card('notice', noticeCardData(report.title, report.lines)));
      for (const section of report.sections) await context.sendActivity(card('notice', noticeCardData(section.heading, section.lines)));
      const csv = fitCsv(report.csv, TEAMS_CSV_CHARS);
      const cut = csvCutWords(csv, 'incidents', 'Ask for a shorter range of dates to see the rest.');
      await context.sendActivity(MessageFactory.text(`The incident log as CSV (copy into a file):\n\n\`\`\`\n${csv.text}\`\`\`${cut ? `\n\n${cut}` : ''}`));
      return;
    }
    await context.sendActivity(card('digest', digestCardData(describeDigest(await readSchoolDigest(ctx.deps, actor)))));
  } catch (error) {
    await context.sendActivity(card('notice', noticeCardData('That did not work', [plainWords(error, ctx.logger, 'digest')])));
  }
}
