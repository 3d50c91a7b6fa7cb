/** `/digest`, `/digest trust` and `/digest governors <from> <to>`: answered privately (ephemeral). */
import type { App } from '@slack/bolt';
import { parseCommand } from '../../../core/commands/parse-command';
import { describeDigest, describeTrustDigest } from '../../../core/digest/digest-view';
import { readGovernorsReport } from '../../../core/digest/governors-report';
import { readSchoolDigest, readTrustDigest } from '../../../core/digest/read-digest';
import { explainError } from '../../../core/explain-error';
import type { SlackContext } from '../slack-context';
import { slackActor } from '../slack-actor';
import { digestMessage } from '../views/digest-message';
import { csvCutWords, fitCsv } from '../../../core/text/csv';

/** The slash command for the weekly digest, the trust's and the governors' report. */
export const DIGEST_COMMAND = '/digest';

export function registerDigest(app: App, ctx: SlackContext): void {
  app.command(DIGEST_COMMAND, async ({ command, ack }) => {
    const actor = slackActor(ctx.deps.pack, command.user_id, command.user_name);
    const parsed = parseCommand(`${DIGEST_COMMAND} ${command.text}`);
    const sub = parsed.name === 'digest' ? parsed : { sub: 'school' as const };
    try {
      if (sub.sub === 'trust') {
        await ack({ response_type: 'ephemeral', ...digestMessage(describeTrustDigest(ctx.deps.pack.trust.name, await readTrustDigest(ctx.deps, actor))) });
        return;
      }
      if (sub.sub === 'governors') {
        const report = await readGovernorsReport(ctx.deps, actor, sub.from, sub.to);
        const sections = report.sections.map((s) => `\n\n*${s.heading}*\n${s.lines.map((l) => `• ${l}`).join('\n')}`).join('');
        const head = `*${report.title}*\n${report.lines.map((l) => `• ${l}`).join('\n')}${sections}\n\nThe incident log as CSV:\n`;
        // The CSV gets what is left of Slack's 40,000 characters, in whole rows, and says so when cut.
        const csv = fitCsv(report.csv, Math.max(0, 38_500 - head.length));
        const cut = csvCutWords(csv, 'incidents', 'Ask for a shorter range of dates to see the rest.');
        await ack({ response_type: 'ephemeral', text: `${head}\`\`\`${csv.text}\`\`\`${cut ? `\n${cut}` : ''}` });
        return;
      }
      await ack({ response_type: 'ephemeral', ...digestMessage(describeDigest(await readSchoolDigest(ctx.deps, actor)), true) });
    } catch (error) {
      await ack({ response_type: 'ephemeral', text: explainError(error, ctx.logger, 'slack.digest') });
    }
  });
}
