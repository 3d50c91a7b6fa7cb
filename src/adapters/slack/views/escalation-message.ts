/**
 * The escalation message in a DSL channel (or a head's or chair's DM), posted once and updated in place
 * with `chat.update`. It shows core's minimum: never pupils' names or what was written.
 */
import { ESCALATION_LABELS, type EscalationAction } from '../../../core/incidents/escalation-actions';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import { incidentKind, privacyLine } from '../../../core/incidents/incident-words';
import { formatLondon } from '../../../core/text/time-words';
import { button, clip, context, escapeMrkdwn, header, LIMITS, section } from './block-kit';
import { incidentToken } from './incident-token';
import type { KnownBlock } from './slack-types';

export interface SlackMessage {
  /** The notification and screen-reader text: every message has one. */
  text: string;
  blocks: KnownBlock[];
}

const mention = (userIds: string[]) => userIds.map((u) => `<@${u}>`).join(' ');

export function escalationButtons(view: EscalationView): KnownBlock {
  const token = incidentToken(view);
  const usable = view.actions.filter((a) => (a !== 'assign' || view.assignees.length > 0) && (a !== 'refer' || view.agencies.length > 0));
  const style = (a: EscalationAction) => (a === 'acknowledge' ? 'primary' : undefined);
  return { type: 'actions', block_id: `incident-actions:${token}`.slice(0, 255), elements: usable.map((a) => button(ESCALATION_LABELS[a], a, token, style(a))) };
}

function facts(view: EscalationView): string {
  const rows: Array<[string, string]> = [
    ['Type', view.title],
    ['School', view.schoolName],
    ['Reported', `${formatLondon(view.reportedAt)} by ${view.reportedBy}`],
    ['Status', view.status],
    ['Owner', view.owner],
    ['Last action', view.lastAction],
  ];
  return rows.filter(([, v]) => v).map(([k, v]) => `*${k}:* ${escapeMrkdwn(v)}`).join('\n');
}

/** `mentionUserIds`: Slack users to @mention while an urgent incident waits to be picked up. */
export function escalationMessage(view: EscalationView, mentionUserIds: string[] = []): SlackMessage {
  const kind = incidentKind(view.safeguarding);
  const blocks: KnownBlock[] = [];
  if (view.urgent) {
    const who = mentionUserIds.length ? ` ${mention(mentionUserIds)}` : '';
    blocks.push(section(`:rotating_light: *URGENT*: a child may be at immediate risk.${who}`));
  }
  blocks.push(header(`${kind}: ${view.reference}`), context(`For the ${escapeMrkdwn(view.audience)}`), section(facts(view)), context(escapeMrkdwn(privacyLine(view.closed))));
  if (view.actions.length) blocks.push(escalationButtons(view));
  const text = clip(`${view.urgent ? 'URGENT: ' : ''}${kind} ${view.reference} for the ${view.audience}: ${view.status}`, LIMITS.messageText);
  return { text, blocks };
}
