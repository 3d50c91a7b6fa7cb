/**
 * `/aup` (my status and the agreement), `/aup status` (compliance, for the online-safety lead and head),
 * `/aup add Name, audience[, email]`, `/aup export` (CSV), the "I have read and agree" button, and the
 * workspace events that keep the register current (joiners noted, leavers never nagged).
 */
import type { App } from '@slack/bolt';
import { exportSignaturesCsv, readAupCompliance } from '../../../core/aup/aup-compliance';
import { parseCommand } from '../../../core/commands/parse-command';
import { personIdFor } from '../../../core/people/person-record';
import { AUP_SIGN_ACTION, describeAupCard, describeCompliance } from '../../../core/aup/aup-views';
import { addPeople, parsePeopleCsv, markLeft, notePerson } from '../../../core/aup/register-people';
import { localTime } from '../../../core/calendar/school-calendar';
import { readAupStatus, signAup } from '../../../core/aup/sign-aup';
import { explainError } from '../../../core/explain-error';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { aupMessage, parseAupSignValue } from '../views/aup-message';
import { escapeMrkdwn, escapeText } from '../views/block-kit';
import { csvCutWords, fitCsv } from '../../../core/text/csv';

/** The slash command for the acceptable use agreement and the register. */
export const AUP_COMMAND = '/aup';
export const AUP_EVENTS = ['team_join', 'user_change'] as const;

/** Names in the CSV are what people typed: no backtick may close the code block, and no `<…>` is read as a link. */
function csvInCodeBlock(csv: string): string {
  return escapeText(csv).replace(/`/g, '\u02cb');
}

export function registerAup(app: App, ctx: SlackContext): void {
  const today = () => localTime(ctx.deps.clock.now()).date;

  app.command(AUP_COMMAND, async ({ command, ack }) => {
    const actor = slackActor(ctx.deps.pack, command.user_id, command.user_name);
    const parsed = parseCommand(`${AUP_COMMAND} ${command.text}`);
    const sub = parsed.name === 'aup' ? parsed : { sub: 'mine' as const };
    try {
      if (sub.sub === 'status') {
        const { schoolName, audiences } = await readAupCompliance(ctx.deps, actor);
        const view = describeCompliance(schoolName, audiences);
        await ack({ response_type: 'ephemeral', text: `*${escapeMrkdwn(view.title)}*\n${view.lines.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}`.slice(0, 39_000) });
        return;
      }
      if (sub.sub === 'export') {
        const csv = await exportSignaturesCsv(ctx.deps, actor);
        // Escaping can lengthen the text: whole rows within 36,000 characters keep the message under Slack's 40,000.
        const body = fitCsv(csv, 36_000);
        const cut = csvCutWords(body, 'signatures');
        await ack({ response_type: 'ephemeral', text: `Signatures as CSV (copy into a file):\n\`\`\`${csvInCodeBlock(body.text)}\`\`\`${cut ? `\n${cut}` : ''}` });
        return;
      }
      if (sub.sub === 'add') {
        const person = parsePeopleCsv(sub.row)[0] ?? { name: '', audience: '' };
        const { name, audience } = person;
        await addPeople(ctx.deps, actor, [person]);
        await ack({ response_type: 'ephemeral', text: `${escapeMrkdwn(name)} (${escapeMrkdwn(audience)}) is on the register and will be asked to sign their acceptable use agreement.` });
        return;
      }
      const status = await readAupStatus(ctx.deps, actor);
      if (!status) {
        await ack({ response_type: 'ephemeral', text: 'Your school has not set up an acceptable use agreement for you in the policy pack.' });
        return;
      }
      await ack({ response_type: 'ephemeral', ...aupMessage(describeAupCard(status, today())) });
    } catch (error) {
      await ack({ response_type: 'ephemeral', text: explainError(error, ctx.logger, 'slack.aup') });
    }
  });

  app.action({ type: 'block_actions', action_id: AUP_SIGN_ACTION }, async ({ ack, body, client }) => {
    await ack();
    const b = body as unknown as {
      user: { id: string; name?: string };
      channel?: { id: string };
      container?: { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
      actions?: Array<{ value?: string }>;
    };
    const actor = slackActor(ctx.deps.pack, b.user.id, b.user.name);
    const channel = b.channel?.id ?? b.container?.channel_id;
    const reply = async (text: string) => {
      if (channel) await client.chat.postEphemeral({ channel, user: b.user.id, text });
    };
    const signing = parseAupSignValue(b.actions?.[0]?.value);
    if (!signing) return reply("Nothing was signed: this button's details were not recognised. Type /aup to see your agreement.");
    try {
      const status = await signAup(ctx.deps, actor, signing);
      const done = aupMessage(describeAupCard(status, today()));
      // A reminder in the DM is updated in place so its button cannot be pressed again.
      if (channel && b.container?.message_ts && !b.container.is_ephemeral) await client.chat.update({ channel, ts: b.container.message_ts, ...done });
      await reply(`Thank you: you signed ${status.document.title}, version ${status.version.version}.`);
    } catch (error) {
      await reply(`Nothing was signed: ${explainError(error, ctx.logger, 'slack.aup-sign')}`);
    }
  });

  app.event('team_join', async ({ event }) => {
    const user = event.user as { id: string; real_name?: string; name?: string; is_bot?: boolean };
    if (user.is_bot) return;
    const actor = slackActor(ctx.deps.pack, user.id, user.real_name ?? user.name);
    await notePerson(ctx.deps, { schoolId: resolveSchool(ctx.deps.pack, actor).id, platform: 'slack', userId: user.id, name: actor.name });
  });

  app.event('user_change', async ({ event }) => {
    const user = event.user as { id: string; deleted?: boolean; is_bot?: boolean };
    if (user.is_bot || !user.deleted) return;
    const actor = slackActor(ctx.deps.pack, user.id);
    await markLeft(ctx.deps, resolveSchool(ctx.deps.pack, actor).id, personIdFor({ platform: 'slack', userId: user.id, name: actor.name }));
  });
}
