/**
 * The weekly digest as a Slack message. Slack images need a public URL, so the chart is drawn in text:
 * one bar of blocks per week with its number, which a screen reader reads as the numbers.
 */
import type { DigestView } from '../../../core/digest/digest-view';
import { bullets, clip, context, escapeMrkdwn, header, LIMITS, section } from './block-kit';
import type { SlackMessage } from './slack-types';
import type { KnownBlock } from './slack-types';

export function textChart(bars: Array<{ label: string; value: number }>): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(...bars.map((b) => b.label.length), 1);
  return bars.map((b) => `${b.label.padEnd(width)}  ${'█'.repeat(Math.round((b.value / max) * 20))} ${b.value}`).join('\n');
}

export function digestMessage(view: DigestView, withDetails = false): SlackMessage {
  const blocks: KnownBlock[] = [
    header(view.title),
    context(escapeMrkdwn(view.period)),
    section(escapeMrkdwn(view.headline)),
    section(`*${escapeMrkdwn(view.chart.title)}*\n${view.chart.empty ? escapeMrkdwn(view.chart.empty) : `\`\`\`${textChart(view.chart.bars)}\`\`\``}`),
  ];
  for (const s of [...view.sections, ...(withDetails ? view.details : [])]) {
    if (blocks.length >= LIMITS.messageBlocks - 2) break;
    blocks.push(section(`*${escapeMrkdwn(s.heading)}*\n${bullets(s.lines)}`));
  }
  blocks.push(context('Counts and references only: no pupil is named here. The full records are with the safeguarding team.'));
  return { text: clip(`${view.title}: ${view.headline}`, LIMITS.messageText), blocks };
}
