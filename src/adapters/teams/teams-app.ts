/**
 * The Teams bot: a teams-ai `Application` on a `CloudAdapter`. Routes are thin: each hands one message
 * or button press to a handler that calls one core use case.
 */
import { ActivityTypes, TeamsInfo, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { markLeft, notePerson } from '../../core/aup/register-people';
import { personIdFor } from '../../core/people/person-record';
import { AUP_SIGN_ACTION } from '../../core/aup/aup-views';
import { rememberConversation, rememberMember } from './conversation-refs';
import { handleAupSign } from './handlers/aup-commands';
import { ESCALATION_VERBS, handleEscalationAction } from './handlers/escalation-card-actions';
import { handleHelp } from './handlers/report-command';
import { handleTextCommand } from './handlers/text-command';
import { carriesFiles, handleEvidenceUpload } from './handlers/evidence-upload';
import { EVIDENCE_VERBS, handleEvidenceAction } from './handlers/evidence-card-actions';
import { TASK_VERBS, handleTaskAction } from './handlers/task-card-actions';
import { DECISION_VERBS, handleDecisionAction } from './handlers/decision-card-actions';
import { CHILD_FILE_VERBS, handleChildFileAction } from './handlers/child-file';
import { SHARING_VERBS, handleSharingAction } from './handlers/sharing-card-actions';
import { ALERT_VERBS, handleAlertAction } from './handlers/alert-card-actions';
import { FILTERING_VERBS, handleFilteringAction } from './handlers/filtering-card-actions';
import { INCIDENT_EXPORT_ACTION } from '../../core/casefile/export-section';
import { handleExportAction, handleFileConsent, handleTransferAction, isFileConsent } from './handlers/transfer-commands';
import { TRANSFER_ACTIONS, TRANSFER_LINK_ACTION } from '../../core/casefile/transfer-view';
import { CASES_FILTER_ACTION } from '../../core/casefile/cases-view';
import { handleCasesFilter } from './handlers/cases-command';
import { REVIEW_OPEN_ACTION, REVIEW_SAVE_ACTION } from '../../core/filtering/review-form-view';
import { handleReviewOpen, handleReviewSave } from './handlers/review-form';
import { WIZARD_VERBS, handleWizardAction } from './handlers/wizard-actions';
import { PUPIL_LINK_VERBS, handlePupilLinkAction } from './handlers/pupil-link-actions';
import { handleUnknownVerb, isCardAction } from './handlers/unknown-verb';
import { teamsActor } from './teams-actor';
import type { TeamsContext } from './teams-context';
import { type TenantCheck, checkTenant, memberTenant, refuseUnknownTenant, schoolAmong } from './teams-tenant';

async function remember(ctx: TeamsContext, context: TurnContext, tenant: TenantCheck): Promise<void> {
  const actor = teamsActor(context.activity);
  const school = schoolAmong(ctx.deps.pack, tenant, actor);
  await rememberConversation(ctx.deps.store, school.id, context.activity, [actor.userId, ...(actor.aliases ?? [])], ctx.deps.clock.now());
  // The first time the bot meets someone is their appointment for the AUP register.
  if (context.activity.type === ActivityTypes.Message) await notePerson(ctx.deps, { schoolId: school.id, platform: 'teams', userId: actor.userId, name: actor.name });
}

/**
 * When the bot is added to a team, everyone on its roster joins the AUP register (paged, as Teams
 * returns it), and the bot keeps where each member is, so it can open a 1:1 chat with a role holder
 * who has never written to it.
 */
async function syncRoster(ctx: TeamsContext, context: TurnContext): Promise<number> {
  const teamTenant = checkTenant(ctx.deps.pack, context.activity);
  let noted = 0;
  let continuationToken: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, 100, continuationToken);
    for (const member of page.members ?? []) {
      // A guest from an organisation the pack does not serve is not put on any school's register.
      const tenant = memberTenant(ctx.deps.pack, member, teamTenant);
      if (tenant.kind === 'unknown') continue;
      const actor = teamsActor({ from: { id: member.id, name: member.name, aadObjectId: member.aadObjectId } });
      const schoolId = schoolAmong(ctx.deps.pack, tenant, actor).id;
      await notePerson(ctx.deps, { schoolId, platform: 'teams', userId: actor.userId, name: actor.name });
      await rememberMember(ctx.deps.store, schoolId, context.activity, member, ctx.deps.clock.now());
      noted++;
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return noted;
}

/** Team roster changes keep the AUP register current: joiners are noted, leavers are never nagged again. */
async function syncMembers(ctx: TeamsContext, context: TurnContext): Promise<void> {
  const botId = context.activity.recipient?.id;
  const teamTenant = checkTenant(ctx.deps.pack, context.activity);
  for (const member of context.activity.membersAdded ?? []) {
    if (member.id === botId) continue;
    const tenant = memberTenant(ctx.deps.pack, member, teamTenant);
    if (tenant.kind === 'unknown') continue;
    const actor = teamsActor({ from: member });
    const school = schoolAmong(ctx.deps.pack, tenant, actor);
    await notePerson(ctx.deps, { schoolId: school.id, platform: 'teams', userId: actor.userId, name: actor.name });
    if (context.activity.conversation?.conversationType === 'channel') await rememberMember(ctx.deps.store, school.id, context.activity, member, ctx.deps.clock.now());
  }
  for (const member of context.activity.membersRemoved ?? []) {
    if (member.id === botId) continue;
    const tenant = memberTenant(ctx.deps.pack, member, teamTenant);
    if (tenant.kind === 'unknown') continue;
    const actor = teamsActor({ from: member });
    await markLeft(ctx.deps, schoolAmong(ctx.deps.pack, tenant, actor).id, personIdFor({ platform: 'teams', userId: actor.userId, name: actor.name }));
  }
}

/** The bot's routes on a teams-ai `Application`: the tenant gate first, then messages, roster changes and card actions. */
export function createTeamsApp(ctx: TeamsContext, adapter: TeamsAdapter): Application {
  const app = new Application({ adapter, botAppId: ctx.appId || undefined, startTypingTimer: false, removeRecipientMention: true });

  app.turn('beforeTurn', async (context) => {
    // Before anything is stored: a turn from an organisation the pack does not serve goes no further.
    const tenant = checkTenant(ctx.deps.pack, context.activity);
    if (tenant.kind === 'unknown') {
      await refuseUnknownTenant(ctx, context, tenant.tenantId);
      return false;
    }
    if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.ConversationUpdate || context.activity.type === ActivityTypes.InstallationUpdate) {
      await remember(ctx, context, tenant);
    }
    return true;
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = context.activity.membersAdded?.some((m) => m.id === context.activity.recipient?.id);
    await syncMembers(ctx, context);
    if (botAdded && context.activity.conversation?.conversationType === 'channel') {
      await syncRoster(ctx, context).catch((error) => ctx.logger.warn('teams.roster-sync-failed', { error: (error as Error).name }));
    }
    if (botAdded) await handleHelp(context);
  });
  app.conversationUpdate('membersRemoved', async (context) => syncMembers(ctx, context));

  // A message carrying a file is evidence for a report (1:1 chat only); anything else is a command.
  app.activity(ActivityTypes.Message, async (context) => (carriesFiles(context) ? handleEvidenceUpload(ctx, context) : handleTextCommand(ctx, context)));

  app.adaptiveCards.actionExecute(WIZARD_VERBS, async (context, _state, data) => handleWizardAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...PUPIL_LINK_VERBS], async (context, _state, data) => handlePupilLinkAction(ctx, context, data));
  app.adaptiveCards.actionExecute(AUP_SIGN_ACTION, async (context, _state, data) => handleAupSign(ctx, context, data));
  app.adaptiveCards.actionExecute([...ESCALATION_VERBS], async (context, _state, data) => handleEscalationAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...TASK_VERBS], async (context, _state, data) => handleTaskAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...EVIDENCE_VERBS], async (context, _state, data) => handleEvidenceAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...DECISION_VERBS], async (context, _state, data) => handleDecisionAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...CHILD_FILE_VERBS], async (context, _state, data) => handleChildFileAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...SHARING_VERBS], async (context, _state, data) => handleSharingAction(ctx, context, data));
  app.adaptiveCards.actionExecute([...ALERT_VERBS], async (context, _state, data) => handleAlertAction(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute([...FILTERING_VERBS], async (context, _state, data) => handleFilteringAction(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute(INCIDENT_EXPORT_ACTION, async (context, _state, data) => handleExportAction(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute([...Object.values(TRANSFER_ACTIONS), TRANSFER_LINK_ACTION], async (context, _state, data) => handleTransferAction(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute(CASES_FILTER_ACTION, async (context, _state, data) => handleCasesFilter(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute(REVIEW_SAVE_ACTION, async (context, _state, data) => handleReviewSave(ctx, context, data as Record<string, unknown>));
  app.adaptiveCards.actionExecute(REVIEW_OPEN_ACTION, async (context) => handleReviewOpen(ctx, context));
  app.addRoute(
    async (context) => isFileConsent(context),
    async (context) => handleFileConsent(ctx, context),
    true,
  );
  // Invoke routes are tried in order: this one, last, answers a card action no route above knows.
  app.addRoute(
    async (context) => isCardAction(context),
    async (context) => handleUnknownVerb(ctx, context),
    true,
  );

  app.error(async (context, error) => {
    ctx.logger.error('teams.turn-failed', { error: error.name, message: error.message.slice(0, 200) });
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity('Sorry, something went wrong and nothing was changed. Please try again.');
    }
  });
  return app;
}
