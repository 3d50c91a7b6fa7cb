/** `/report setup check` as an ephemeral message: the channel, each role holder and whether I can reach them, and what to fix. */
import type { SetupView } from '../../../core/setup/setup-check';
import { LIMITS, bullets, clip, escapeMrkdwn, header, section } from './block-kit';
import type { SlackMessage } from './slack-types';
import type { KnownBlock } from './slack-types';

/** Lines packed into as few sections as fit (a school with many roles stays well under 50 blocks). */
function packed(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > LIMITS.sectionText - 100) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

export function setupMessage(view: SetupView): SlackMessage {
  const people = view.lines.map((l) => {
    const platforms = l.platforms.map((p) => `${p.reachable ? ':white_check_mark:' : ':x:'} ${escapeMrkdwn(p.words)}`).join('  ');
    return `*${escapeMrkdwn(l.role)}*: ${escapeMrkdwn(l.who)}${platforms ? `\n      ${platforms}` : ''}`;
  });
  const blocks: KnownBlock[] = [header(view.title), section(`*Safeguarding channel*\n${bullets(view.channel)}`), ...packed(people), section(`*${escapeMrkdwn(view.summary)}*`)];
  const unreachable = view.lines.filter((l) => l.platforms.some((p) => !p.reachable) || !l.platforms.length).map((l) => `${l.role}: ${l.who}`);
  const text = clip(`${view.title}. ${view.summary}${unreachable.length ? ` To fix: ${unreachable.join('; ')}.` : ''}`, LIMITS.messageText);
  return { text, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}
