/**
 * A child's file in Slack: `/report pupil <name>` opens it in a private modal (several matches: a choice
 * first; none: said plainly), "Open file" from the choice or from an incident's full record, and "Older
 * entries". Nothing of it is ever posted in a channel. Core decides who may open it and audits every
 * open and refusal.
 */
import type { App, webApi } from '@slack/bolt';
import { CHILD_FILE_ACTIONS, describePupilChoice, noPupilWords, parseOlderRef } from '../../../core/casefile/child-file-view';
import { findPupilForFile, openChildFile } from '../../../core/casefile/open-child-file';
import { explainError } from '../../../core/explain-error';
import type { Actor } from '../../../core/people/actor';
import { resolveSchool } from '../../../core/people/resolve-school';
import type { SlackContext } from '../slack-context';
import { CHILD_FILE_CALLBACK, childFileModal, parseFileToken, pupilChoiceModal } from '../views/child-file-modal';
import type { ModalView } from '../views/slack-types';
import { noticeModal } from '../views/wizard-modal';
import { type ButtonBody, onButtons, tell } from './escalation-actions';

/** `/report pupil <text>`: called after the command is acknowledged, with its trigger id. */
export async function openPupilCommand(ctx: SlackContext, client: webApi.WebClient, triggerId: string, actor: Actor, text: string): Promise<void> {
  let view: ModalView;
  try {
    const school = resolveSchool(ctx.deps.pack, actor);
    const found = await findPupilForFile(ctx.deps, actor, { schoolId: school.id, text });
    if (found.kind === 'none') view = noticeModal('No pupil found', [noPupilWords(found.text)], "Child's file");
    else if (found.kind === 'several') view = pupilChoiceModal(describePupilChoice(school.id, found.matches, found.more));
    else view = childFileModal(await openChildFile(ctx.deps, actor, { schoolId: school.id, pupilId: found.pupilId }));
  } catch (error) {
    view = noticeModal('That did not work', [explainError(error, ctx.logger, 'slack.child-file')], "Child's file");
  }
  await client.views.open({ trigger_id: triggerId, view });
}

async function press(ctx: SlackContext, client: webApi.WebClient, body: ButtonBody & { view?: { id?: string; type?: string; callback_id?: string } }, actor: Actor): Promise<void> {
  const action = body.actions?.[0]?.action_id ?? '';
  const token = parseFileToken(body.actions?.[0]?.value);
  const older = action === CHILD_FILE_ACTIONS.older && token ? parseOlderRef(token.ref) : undefined;
  if (!token || (action === CHILD_FILE_ACTIONS.older && !older)) {
    ctx.logger.warn('slack.child-file-bad-payload', { action });
    return tell(client, body, 'Nothing was opened', "This button's details were not recognised.");
  }
  const file = await openChildFile(ctx.deps, actor, { schoolId: token.schoolId, pupilId: older?.pupilId ?? token.ref });
  const view = childFileModal(file, older?.page ?? 1);
  // In the file or the choice: redraw in place. In the full record: on top, so closing goes back to it.
  if (body.view?.callback_id === CHILD_FILE_CALLBACK && body.view.id) await client.views.update({ view_id: body.view.id, view });
  else if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
}

/** The child's-file buttons (the command itself is routed from `/report`). */
export function registerChildFileActions(app: App, ctx: SlackContext): void {
  onButtons(app, ctx, [CHILD_FILE_ACTIONS.open, CHILD_FILE_ACTIONS.older], 'slack.child-file', (client, b, actor) => press(ctx, client, b, actor));
}
