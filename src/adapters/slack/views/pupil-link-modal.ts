/**
 * The pupils section's forms (core's `LinkFormView`) as a Slack modal: on "Add a pupil" an external select
 * that searches the register as the lead types, the part, and the reason. Block ids are core's input ids,
 * so its per-field errors go back as `response_action: 'errors'`; the incident and the form's ref are the
 * opaque `private_metadata`. Shown only in the lead's own modal (it names the pupil).
 */
import { LINK_INPUTS, type LinkFormView, MAX_LINK_REASON, PUPIL_LINK_ACTIONS } from '../../../core/casefile/correct-links';
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';
import { LIMITS, clip, context, escapeMrkdwn, header, plain, section } from './block-kit';
import { caseActionToken } from './incident-token';
import type { KnownBlock, ModalView } from './slack-types';

/** The action id of the part and reason inputs (their block ids name them). */
const VALUE = 'value';

/** The modal for one correction form. */
export function pupilLinkModal(view: LinkFormView): ModalView {
  const blocks: KnownBlock[] = [context(`:lock: ${escapeMrkdwn(CONFIDENTIAL_LINE)}`), header(view.title), ...view.intro.map((line) => section(escapeMrkdwn(line)))];
  if (view.kind === 'add') {
    blocks.push({
      type: 'input',
      block_id: LINK_INPUTS.match,
      label: plain(view.search?.label ?? 'Type part of a name or a class', LIMITS.inputLabel),
      element: { type: 'external_select', action_id: PUPIL_LINK_ACTIONS.search, min_query_length: 2, placeholder: plain('Search the register', LIMITS.optionText) },
    } as KnownBlock);
  }
  if (view.linked?.length) {
    blocks.push({
      type: 'input',
      block_id: LINK_INPUTS.linked,
      label: plain('Which pupil', LIMITS.inputLabel),
      element: { type: 'static_select', action_id: VALUE, options: view.linked.slice(0, 100).map((p) => ({ text: plain(clip(p.label, LIMITS.optionText), LIMITS.optionText), value: p.value })) },
    } as KnownBlock);
  }
  if (view.parts) {
    const options = view.parts.map((p) => ({ text: plain(p.label, LIMITS.optionText), value: p.value }));
    const initial = options.find((o) => o.value === view.part);
    blocks.push({
      type: 'input',
      block_id: LINK_INPUTS.part,
      label: plain('Their part', LIMITS.inputLabel),
      element: { type: 'static_select', action_id: VALUE, options, ...(initial && { initial_option: initial }) },
    } as KnownBlock);
  }
  blocks.push({
    type: 'input',
    block_id: LINK_INPUTS.reason,
    label: plain(view.reasonLabel, LIMITS.inputLabel),
    element: { type: 'plain_text_input', action_id: VALUE, multiline: true, max_length: MAX_LINK_REASON },
  } as KnownBlock);
  return {
    type: 'modal',
    callback_id: PUPIL_LINK_ACTIONS.save,
    title: plain('Pupils', LIMITS.viewTitle),
    submit: plain(view.submitLabel, LIMITS.viewButton),
    close: plain('Back', LIMITS.viewButton),
    private_metadata: caseActionToken({ schoolId: view.schoolId, incidentId: view.incidentId, ref: view.ref }),
    blocks,
  };
}

type StateValue = { value?: string | null; selected_option?: { value?: unknown } | null };

/** What the lead entered, under core's input ids (only the shapes these inputs produce are read). */
export function pupilLinkValues(state: unknown): Record<string, string> {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  const read = (block: string, action: string) => {
    const v = blocks[block]?.[action];
    const value = v?.selected_option?.value ?? v?.value;
    return typeof value === 'string' ? value.slice(0, MAX_LINK_REASON + 1) : undefined;
  };
  const values: Record<string, string> = {};
  for (const [key, block, action] of [
    [LINK_INPUTS.match, LINK_INPUTS.match, PUPIL_LINK_ACTIONS.search],
    [LINK_INPUTS.part, LINK_INPUTS.part, VALUE],
    [LINK_INPUTS.linked, LINK_INPUTS.linked, VALUE],
    [LINK_INPUTS.reason, LINK_INPUTS.reason, VALUE],
  ] as const) {
    const value = read(block, action);
    if (value !== undefined) values[key] = value;
  }
  return values;
}
