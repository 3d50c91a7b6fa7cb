/** `register dsl channel`: a safeguarding lead makes this private channel the school's escalation channel. */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { recordAudit } from '../../../core/audit/audit-log';
import { actorRef, roleTitle, rolesOf } from '../../../core/people/actor';
import { registerDslChannel } from '../conversation-refs';
import { isPersonal, teamsActor } from '../teams-actor';
import type { TeamsContext } from '../teams-context';
import { checkTenant, schoolAmong } from '../teams-tenant';

export async function handleRegisterChannel(ctx: TeamsContext, context: TurnContext): Promise<void> {
  const actor = teamsActor(context.activity);
  const school = schoolAmong(ctx.deps.pack, checkTenant(ctx.deps.pack, context.activity), actor);
  const roles = rolesOf(actor, school);
  const allowed = roles.includes('dsl') || roles.includes('deputy-dsl');
  await recordAudit(ctx.deps, { schoolId: school.id, actor: actorRef(actor), action: 'teams.register-dsl-channel', outcome: allowed ? 'ok' : 'refused' });
  if (!allowed) {
    await context.sendActivity(MessageFactory.text(`Only the ${roleTitle(school, 'dsl')} or a deputy can choose where safeguarding concerns go.`));
    return;
  }
  if (isPersonal(context.activity)) {
    await context.sendActivity(MessageFactory.text('Type this in the private channel your safeguarding team uses, not in a 1:1 chat.'));
    return;
  }
  await registerDslChannel(ctx.deps.store, school.id, context.activity, ctx.deps.clock.now());
  await context.sendActivity(
    MessageFactory.text(
      `Done. Safeguarding concerns for ${school.name} will now come to this channel. Keep its membership to the safeguarding team: ` +
        'cards here show only what you need to act, and the full record is one click away for permitted roles.',
    ),
  );
}
