/**
 * Every message typed to the bot: core reads it into a command (`parseCommand`) and this only sends it
 * to the handler that draws its answer. Anything that is no command gets the help.
 */
import type { TurnContext } from 'botbuilder';
import { parseCommand } from '../../../core/commands/parse-command';
import type { TeamsContext } from '../teams-context';
import { handleAup } from './aup-commands';
import { handleRegisterChannel } from './channel-registration';
import { handleDigest } from './digest-commands';
import { handleHelp, handleReport } from './report-command';
import { handleSetupCheck } from './setup-check';
import { handlePupilCommand } from './child-file';
import { handleExport, handleTransfer } from './transfer-commands';
import { handleCases } from './cases-command';
import { isReviewCommand } from '../../../core/filtering/review-form-view';
import { handleReviewCommand } from './review-form';
import { handleFiltering, handleUnblock } from './filtering-commands';

export async function handleTextCommand(ctx: TeamsContext, context: TurnContext): Promise<void> {
  const command = parseCommand(context.activity.text ?? '');
  // `filtering review` is the yearly review's form; the other `filtering` words are the change log's.
  if (command.name === 'filtering' && isReviewCommand(command.text)) return handleReviewCommand(ctx, context);
  switch (command.name) {
    case 'report':
      return handleReport(ctx, context);
    case 'aup':
      return handleAup(ctx, context, command);
    case 'digest':
      return handleDigest(ctx, context, command);
    case 'setup-check':
      return handleSetupCheck(ctx, context);
    case 'register-dsl-channel':
      return handleRegisterChannel(ctx, context);
    case 'transfer':
      return handleTransfer(ctx, context, command);
    case 'export':
      return handleExport(ctx, context, command);
    case 'cases':
      return handleCases(ctx, context, command);
    case 'pupil':
      return handlePupilCommand(ctx, context, command.text);
    case 'unblock':
      return handleUnblock(ctx, context, command);
    case 'filtering':
      return handleFiltering(ctx, context, command);
    case 'help':
    case 'unknown':
      return handleHelp(context);
  }
}
