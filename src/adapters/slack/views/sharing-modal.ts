/**
 * The "Share with a colleague" form as a Slack modal: one input block per field (the block id is the
 * field's name, so core's per-field errors go back beside it), callback `share-save`, and the incident
 * as the opaque `private_metadata`.
 */
import type { ShareFormView } from '../../../core/casefile/share-case';
import { SHARING_ACTIONS } from '../../../core/casefile/sharing-section';
import { LIMITS, clip, context, escapeMrkdwn, header, plain, section } from './block-kit';
import { incidentToken } from './incident-token';
import type { InputBlock, KnownBlock, ModalView } from './slack-types';

/** The action id of every input in the share modal (its block id names the field). */
export const SHARE_VALUE = 'value';

const option = (value: string, label: string) => ({ text: plain(clip(label, LIMITS.optionText), LIMITS.optionText), value: value.slice(0, 150) });

export function shareModal(view: ShareFormView): ModalView {
  const input = (block: string, label: string, element: InputBlock['element'], optional = false): InputBlock => ({
    type: 'input',
    block_id: block,
    label: plain(label, LIMITS.inputLabel),
    optional,
    element,
  });
  const blocks: KnownBlock[] = [
    header(view.title),
    section('Bring in one colleague who needs to know. They can read the full record until the date you choose (and do one task, if you give them one); you can revoke it at any time.'),
  ];
  if (!view.people.length) {
    blocks.push(context(escapeMrkdwn(view.emptyLine ?? '')));
    return { type: 'modal', title: plain('Share', LIMITS.viewTitle), close: plain('Back', LIMITS.viewButton), blocks };
  }
  const read = view.accessChoices.map((c) => option(c.value, c.title));
  blocks.push(
    input('person', 'Who', {
      type: 'static_select',
      action_id: SHARE_VALUE,
      placeholder: plain('Choose a colleague', LIMITS.optionText),
      options: view.people.slice(0, 100).map((p) => option(p.key, p.name)),
    }),
    input('access', 'What they may do', { type: 'radio_buttons', action_id: SHARE_VALUE, options: read, ...(read[0] && { initial_option: read[0] }) }),
    input('taskText', 'Their task (only with a task)', { type: 'plain_text_input', action_id: SHARE_VALUE, multiline: true, max_length: 2000 }, true),
    input('taskDue', 'Task due by (only with a task)', { type: 'datepicker', action_id: SHARE_VALUE }, true),
    input('until', 'Shared until (at most a year from today)', { type: 'datepicker', action_id: SHARE_VALUE }),
    input('reason', 'Why they need to know', { type: 'plain_text_input', action_id: SHARE_VALUE, multiline: true, max_length: 2000 }),
  );
  return {
    type: 'modal',
    callback_id: SHARING_ACTIONS.save,
    private_metadata: incidentToken({ schoolId: view.schoolId, incidentId: view.incidentId }),
    title: plain('Share', LIMITS.viewTitle),
    submit: plain('Share', LIMITS.viewButton),
    close: plain('Back', LIMITS.viewButton),
    blocks,
  };
}

type StateValue = { value?: string | null; selected_date?: string | null; selected_option?: { value?: string } | null };

/** What was entered in the share modal, block id → text; anything else is dropped. */
export function shareValues(state: unknown): Array<[string, unknown]> {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  return Object.entries(blocks).map(([blockId, actions]) => {
    const v = actions?.[SHARE_VALUE];
    return [blockId, v?.value ?? v?.selected_date ?? v?.selected_option?.value ?? ''];
  });
}
