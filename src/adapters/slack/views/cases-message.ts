/** The DSL's case list as a private Slack message: one section per case with its Full record button, and the types to narrow it by. */
import type { CasesView } from '../../../core/casefile/cases-view';
import { LIMITS, button, clip, context, escapeMrkdwn, section } from './block-kit';
import { incidentToken } from './incident-token';
import type { KnownBlock, SlackMessage } from './slack-types';

export function casesMessage(view: CasesView): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`), ...view.lines.map((l) => section(escapeMrkdwn(l)))];
  for (const item of view.items) {
    if (blocks.length >= LIMITS.messageBlocks - 2) break;
    const mark = item.overdue ? ':warning: ' : '';
    blocks.push(
      section(`${mark}*${escapeMrkdwn(item.heading)}*\n${escapeMrkdwn(item.meta)}`, button('Full record', 'full-record', incidentToken({ schoolId: item.schoolId, incidentId: item.incidentId }))),
    );
  }
  const types = view.types.filter((t) => t.id !== 'all');
  if (types.length > 1) blocks.push(context(escapeMrkdwn(`Narrow it: /report cases and a type (${types.map((t) => t.label).join(', ')}), or /report cases pupil and a name.`)));
  return { text: clip(`${view.title}. ${view.lines.join(' ')}`, LIMITS.messageText), blocks };
}
