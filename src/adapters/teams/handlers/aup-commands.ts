/**
 * `aup` (my status and the agreement to sign), `aup status` (the compliance view, for the online-safety
 * lead and head), `aup add Name, audience[, email]` (add a visitor, governor or parent to the register),
 * `aup export` (the signatures as CSV), and the "I have read and agree" button.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { readAupCompliance, exportSignaturesCsv } from '../../../core/aup/aup-compliance';
import type { Command } from '../../../core/commands/parse-command';
import { describeAupCard, describeCompliance } from '../../../core/aup/aup-views';
import { addPeople, parsePeopleCsv } from '../../../core/aup/register-people';
import { localTime } from '../../../core/calendar/school-calendar';
import { readAupStatus, signAup } from '../../../core/aup/sign-aup';
import { z } from 'zod';
import { aupCardData, noticeCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { plainWords } from './reply';
import { csvCutWords, fitCsv } from '../../../core/text/csv';
import { TEAMS_CSV_CHARS } from './chat-csv';

const notice = (title: string, lines: string[]) => MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData(title, lines))));
const today = (ctx: TeamsContext) => localTime(ctx.deps.clock.now()).date;

/** Answers a parsed `aup` command; the lead's views (they name people) only in a 1:1 chat. */
export async function handleAup(ctx: TeamsContext, context: TurnContext, command: Extract<Command, { name: 'aup' }>): Promise<void> {
  const actor = teamsActor(context.activity);
  if (command.sub !== 'mine' && !isPersonal(context.activity)) {
    await context.sendActivity(notice('Please ask me in a 1:1 chat', ['This lists people by name, so I only show it in a private chat.']));
    return;
  }
  try {
    if (command.sub === 'status') {
      const { schoolName, audiences } = await readAupCompliance(ctx.deps, actor);
      const view = describeCompliance(schoolName, audiences);
      await context.sendActivity(notice(view.title, view.lines));
      return;
    }
    if (command.sub === 'export') {
      const csv = await exportSignaturesCsv(ctx.deps, actor);
      // Teams shows a code block as text to copy: a register too long for one message says it was cut.
      const body = fitCsv(csv, TEAMS_CSV_CHARS);
      const cut = csvCutWords(body, 'signatures');
      await context.sendActivity(MessageFactory.text(`Signatures as CSV (copy into a file):\n\n\`\`\`\n${body.text}\`\`\`${cut ? `\n\n${cut}` : ''}`));
      return;
    }
    if (command.sub === 'add') {
      const person = parsePeopleCsv(command.row)[0] ?? { name: '', audience: '' };
      const { name, audience } = person;
      const result = await addPeople(ctx.deps, actor, [person]);
      await context.sendActivity(notice(result.added ? 'Added to the register' : 'Register updated', [`${name} (${audience}) will be asked to sign their acceptable use agreement.`]));
      return;
    }
    const status = await readAupStatus(ctx.deps, actor);
    if (!status) {
      await context.sendActivity(notice('No agreement to sign', ['Your school has not set up an acceptable use agreement for you in the policy pack.']));
      return;
    }
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('aup', aupCardData(describeAupCard(status, today(ctx)))))));
  } catch (error) {
    await context.sendActivity(notice('That did not work', [plainWords(error, ctx.logger, 'aup')]));
  }
}

const SignPayload = z.object({
  documentId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9-]+$/),
  version: z.string().min(1).max(50),
});

export async function handleAupSign(ctx: TeamsContext, context: TurnContext, data: Record<string, unknown>) {
  const parsed = SignPayload.safeParse(data);
  if (!parsed.success) return renderCard('notice', noticeCardData('Nothing was signed', ["This card's details were not recognised. Type **aup** to see your agreement."])) as { type: 'AdaptiveCard' };
  try {
    const status = await signAup(ctx.deps, teamsActor(context.activity), parsed.data);
    return renderCard('aup', aupCardData(describeAupCard(status, today(ctx)))) as { type: 'AdaptiveCard' };
  } catch (error) {
    return renderCard('notice', noticeCardData('Nothing was signed', [plainWords(error, ctx.logger, 'aup-sign')])) as { type: 'AdaptiveCard' };
  }
}
