/**
 * The escalation message in a DSL channel (or a lead's DM), posted once and updated in place with
 * `chat.update`. It shows core's minimum, never pupils' names or what was written, and the tasks of the
 * people it is for, each with Done / Not needed.
 */
import { ESCALATION_LABELS, type EscalationAction } from '../../../core/incidents/escalation-actions';
import type { EscalationView } from '../../../core/incidents/escalation-view';
import { incidentKind, privacyLine } from '../../../core/incidents/incident-words';
import { formatLondon } from '../../../core/text/time-words';
import { LIMITS, button, clip, context, escapeMrkdwn, header, section, verbatimSection } from './block-kit';
import { incidentToken } from './incident-token';
import type { KnownBlock, SlackMessage } from './slack-types';
import { taskBlocks } from './task-message';

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
  return rows
    .filter(([, v]) => v)
    .map(([k, v]) => `*${k}:* ${escapeMrkdwn(v)}`)
    .join('\n');
}

/** `mentionUserIds`: the Slack users core named to @mention (the safeguarding team on the channel card). */
export function escalationMessage(view: EscalationView, mentionUserIds: string[] = []): SlackMessage {
  const kind = incidentKind(view.safeguarding);
  const who = mentionUserIds.length ? ` ${mention(mentionUserIds)}` : '';
  const top: KnownBlock[] = [];
  if (view.urgent) top.push(section(`:rotating_light: *URGENT*: a child may be at immediate risk.${who}`));
  top.push(header(`${kind}: ${view.reference}`), context(`For the ${escapeMrkdwn(view.audience)}${view.urgent ? '' : who}`), verbatimSection(facts(view)));
  const bottom: KnownBlock[] = [context(escapeMrkdwn(privacyLine(view.closed))), ...(view.actions.length ? [escalationButtons(view)] : [])];
  const tasks = view.tasks.length ? [section('*Tasks*'), ...taskBlocks(view, view.tasks, view.closed, LIMITS.messageBlocks - top.length - bottom.length - 1)] : [];
  const text = clip(`${view.urgent ? 'URGENT: ' : ''}${kind} ${view.reference} for the ${view.audience}: ${view.status}`, LIMITS.messageText);
  return { text, blocks: [...top, ...tasks, ...bottom] };
}
