/**
 * The App Home tab: a button to report, the person's own reports (reference, type and status only), and
 * for the people who act on incidents, the open queue (urgent first, then oldest) with the same buttons
 * as the channel message.
 */
import type { EscalationView } from '../../../core/incidents/escalation-view';
import type { OwnReport } from '../../../core/incidents/list-incidents';
import { formatLondon } from '../../../core/text/time-words';
import { button, context, divider, escapeMrkdwn, header, LIMITS, section, verbatimSection } from './block-kit';
import { escalationButtons } from './escalation-message';
import type { HomeView, KnownBlock } from './slack-types';

export const START_REPORT_ACTION = 'report-start';

export interface HomeData {
  own: OwnReport[];
  queue?: { items: EscalationView[]; more: number };
}

function queueItem(view: EscalationView): KnownBlock[] {
  const flag = view.urgent && view.status.startsWith('New') ? ':rotating_light: *URGENT* ' : '';
  return [
    verbatimSection(
      `${flag}*${escapeMrkdwn(view.reference)}*: ${escapeMrkdwn(view.title)}\n${escapeMrkdwn(view.status)} · Owner: ${escapeMrkdwn(view.owner)} · Reported ${escapeMrkdwn(formatLondon(view.reportedAt))}`,
    ),
    escalationButtons(view),
  ];
}

export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    header('Online safety'),
    section("Something worrying happened online, or on a school device? Report it here and follow your school's procedure. If a child is in immediate danger, call 999 first."),
    { type: 'actions', block_id: 'home-report', elements: [button('Report a concern', START_REPORT_ACTION, 'home', 'primary')] },
  ];
  if (data.queue) {
    blocks.push(divider(), header('Open incidents you can act on'));
    if (!data.queue.items.length) blocks.push(section('Nothing open. New concerns will appear here and in your safeguarding channel.'));
    for (const item of data.queue.items) {
      // Keep room for the "your reports" part below; the queue stops before Slack's 100-block limit.
      if (blocks.length + 2 > LIMITS.homeBlocks - 20) break;
      blocks.push(...queueItem(item));
    }
    if (data.queue.more) blocks.push(context(`${data.queue.more} more open. Oldest and urgent are shown first.`));
  }
  blocks.push(divider(), header('Your reports'));
  if (!data.own.length) blocks.push(section('You have not reported anything yet.'));
  const own = data.own.map((r) => `*${escapeMrkdwn(r.reference)}*: ${escapeMrkdwn(r.title)}\n${escapeMrkdwn(r.status)} · reported ${escapeMrkdwn(formatLondon(r.reportedAt))}`);
  for (const line of own) {
    if (blocks.length >= LIMITS.homeBlocks - 1) break;
    blocks.push(verbatimSection(line));
  }
  blocks.push(context('Only you see this list. What you wrote is kept by your safeguarding team, not shown here.'));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
