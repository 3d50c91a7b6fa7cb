/** The `case-shared` message in the colleague's DM: what was shared, why, their task, and the buttons while it lasts. */
import type { CaseSharedView } from '../../../core/casefile/case-shared-view';
import { SHARING_ACTIONS } from '../../../core/casefile/sharing-section';
import { LIMITS, button, clip, context, escapeMrkdwn, section, verbatimSection } from './block-kit';
import { caseActionToken, incidentToken } from './incident-token';
import type { KnownBlock, SlackMessage } from './slack-types';

export function caseSharedMessage(view: CaseSharedView): SlackMessage {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(view.title)}*`)];
  if (view.live) blocks.push(verbatimSection(`*Why:* ${escapeMrkdwn(view.reason)}`));
  if (view.task) blocks.push(verbatimSection(`*Your task:* ${escapeMrkdwn(view.task.text)}`), context(escapeMrkdwn(`${view.task.due} · ${view.task.state}`), true));
  if (view.live) {
    const ref = { schoolId: view.schoolId, incidentId: view.incidentId };
    blocks.push({
      type: 'actions',
      block_id: `case-shared:${view.shareId}`.slice(0, 255),
      elements: [
        button(view.labels.fullRecord, 'full-record', incidentToken(ref)),
        ...(view.task?.open ? [button(view.labels.taskDone, SHARING_ACTIONS.taskDone, caseActionToken({ ...ref, ref: view.shareId }), 'primary')] : []),
      ],
    });
  }
  return { text: clip(view.title, LIMITS.messageText), blocks };
}
