/** `report` (and help): starts the wizard in a 1:1 chat; in a shared chat it only says it has messaged you. Help is core's, for Teams. */
import { type Activity, type ConversationParameters, MessageFactory, type TurnContext } from 'botbuilder';
import { helpText } from '../../../core/commands/help-text';
import { startReport } from '../../../core/incidents/report-wizard';
import { TooManyReportsError } from '../../../core/wizard/report-rate-limit';
import type { TeamsContext } from '../teams-context';
import { cardAttachment, renderCard } from '../cards/render-card';
import { noticeCardData, renderWizardCard } from '../cards/card-data';
import { isPersonal, teamsActor } from '../teams-actor';

async function sendWizard(ctx: TeamsContext, context: TurnContext): Promise<void> {
  let started: Awaited<ReturnType<typeof startReport>>;
  try {
    started = await startReport(ctx.deps, teamsActor(context.activity));
  } catch (error) {
    if (!(error instanceof TooManyReportsError)) throw error;
    ctx.logger.warn('report.rate-limited', { platform: 'teams', waitMinutes: error.waitMinutes });
    await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData('Please wait a moment', [error.userMessage])))));
    return;
  }
  await context.sendActivity(MessageFactory.attachment(cardAttachment(renderWizardCard(started.view, started.ref))));
}

async function openPrivateChat(ctx: TeamsContext, context: TurnContext): Promise<boolean> {
  const activity = context.activity as Activity;
  const tenantId = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  const parameters = {
    isGroup: false,
    bot: activity.recipient,
    members: [activity.from],
    tenantId,
    channelData: { tenant: { id: tenantId } },
  } as ConversationParameters;
  try {
    await context.adapter.createConversationAsync(ctx.appId, activity.channelId, activity.serviceUrl, ctx.audience, parameters, (privateContext) => sendWizard(ctx, privateContext));
    return true;
  } catch (error) {
    ctx.logger.warn('teams.private-chat-failed', { error: (error as Error).name });
    return false;
  }
}

export async function handleReport(ctx: TeamsContext, context: TurnContext): Promise<void> {
  if (isPersonal(context.activity)) return sendWizard(ctx, context);
  const opened = await openPrivateChat(ctx, context);
  const line = opened
    ? 'I have sent you a private message to start your report. Nothing about it will appear here.'
    : 'To keep it private, please open a 1:1 chat with me and type **report** there. Nothing about it will appear here.';
  await context.sendActivity(MessageFactory.attachment(cardAttachment(renderCard('notice', noticeCardData('Report privately', [line])))));
}

export async function handleHelp(context: TurnContext): Promise<void> {
  await context.sendActivity(MessageFactory.text(helpText('teams')));
}
