/**
 * `setup check`: for the DSL, the online-safety lead and the head, whether the bot can reach each role
 * holder in Teams and the safeguarding channel, and how to fix what it cannot. Only in a 1:1 chat: it
 * names staff. Anyone else is refused by core (and audited).
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { checkSetup } from '../../../core/setup/setup-check';
import { noticeCardData, setupCheckCardData } from '../cards/card-data';
import { cardAttachment, renderCard } from '../cards/render-card';
import { TeamsReachability } from '../teams-addresses';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { checkTenant, schoolAmong } from '../teams-tenant';
import { plainWords } from './reply';

const notice = (data: object) => MessageFactory.attachment(cardAttachment(renderCard('notice', data)));

export async function handleSetupCheck(ctx: TeamsContext, context: TurnContext): Promise<void> {
  if (!isPersonal(context.activity)) {
    await context.sendActivity(notice(noticeCardData('Please ask me in a 1:1 chat', ['The setup check names staff, so I only show it in a private chat.'])));
    return;
  }
  const actor = teamsActor(context.activity);
  try {
    const view = await checkSetup(
      ctx.deps,
      actor,
      schoolAmong(ctx.deps.pack, checkTenant(ctx.deps.pack, context.activity), actor),
      ctx.deps.reach ?? [new TeamsReachability(ctx.deps.store, ctx.deps.pack)],
    );
    await context.sendActivity(notice(setupCheckCardData(view)));
  } catch (error) {
    await context.sendActivity(notice(noticeCardData('That did not work', [plainWords(error, ctx.logger, 'setup-check')])));
  }
}
