/** `/report cases …`: the open cases the person may lead, answered privately (ephemeral), each with Full record. */
import { listCases, readCaseFilter } from '../../../core/casefile/case-list';
import { describeCases } from '../../../core/casefile/cases-view';
import { explainError } from '../../../core/explain-error';
import type { Actor } from '../../../core/people/actor';
import type { SlackContext } from '../slack-context';
import { escapeMrkdwn, section } from '../views/block-kit';
import { casesMessage } from '../views/cases-message';
import type { SlackMessage } from '../views/slack-types';

/** The list as the ephemeral answer to the slash command. */
export async function casesAnswer(ctx: SlackContext, actor: Actor, text: string): Promise<SlackMessage> {
  try {
    return casesMessage(describeCases(await listCases(ctx.deps, actor, readCaseFilter(text))));
  } catch (error) {
    const text = explainError(error, ctx.logger, 'slack.cases');
    return { text, blocks: [section(escapeMrkdwn(text))] };
  }
}
