/**
 * A decision form (core's `DecisionFormView`) as a Slack modal: one input block per field (its block id
 * is the field's id, so core's per-field errors go back as `response_action: 'errors'`), the callback id
 * `decision-save`, and the incident and the form's ref as the opaque `private_metadata`.
 */
import { DECISION_SAVE, type DecisionField, type DecisionFormView } from '../../../core/casefile/decision-form';
import { CONFIDENTIAL_LINE } from '../../../core/incidents/incident-words';
import { LIMITS, clip, context, escapeMrkdwn, header, plain, verbatimSection } from './block-kit';
import { caseActionToken } from './incident-token';
import type { InputBlock, KnownBlock, ModalView } from './slack-types';

/** The action id of every input in a decision modal (its block id names the field). */
export const DECISION_VALUE = 'value';

function option(o: { value: string; label: string }) {
  return { text: plain(clip(o.label, LIMITS.optionText), LIMITS.optionText), value: o.value.slice(0, 150) };
}

function element(f: DecisionField): InputBlock['element'] {
  const value = Array.isArray(f.value) ? f.value : f.value ? [f.value] : [];
  switch (f.type) {
    case 'text':
    case 'multiline':
      return {
        type: 'plain_text_input',
        action_id: DECISION_VALUE,
        multiline: f.type === 'multiline',
        ...(f.maxLength && { max_length: f.maxLength }),
        ...(value[0] && { initial_value: value[0] }),
        ...(f.placeholder && { placeholder: plain(f.placeholder, 150) }),
      };
    case 'date':
      return { type: 'datepicker', action_id: DECISION_VALUE, ...(value[0] && { initial_date: value[0] }) };
    case 'choice': {
      const options = (f.choices ?? []).slice(0, 100).map(option);
      const initial = options.find((o) => o.value === value[0]);
      return { type: 'static_select', action_id: DECISION_VALUE, placeholder: plain('Choose', LIMITS.optionText), options, ...(initial && { initial_option: initial }) };
    }
    case 'multi-choice': {
      const options = (f.choices ?? []).slice(0, 100).map(option);
      const initial = options.filter((o) => value.includes(o.value));
      return { type: 'multi_static_select', action_id: DECISION_VALUE, placeholder: plain('Choose any that apply', LIMITS.optionText), options, ...(initial.length && { initial_options: initial }) };
    }
  }
}

/** The modal for one decision form. */
export function decisionModal(view: DecisionFormView): ModalView {
  const inputs: InputBlock[] = view.fields.map((f) => ({ type: 'input', block_id: f.id, label: plain(f.label, LIMITS.inputLabel), optional: !f.required, element: element(f) }));
  const blocks: KnownBlock[] = [
    context(`:lock: ${escapeMrkdwn(CONFIDENTIAL_LINE)}`),
    header(view.title),
    verbatimSection(`*${escapeMrkdwn(view.reference)}*`),
    ...view.intro.map((line) => verbatimSection(escapeMrkdwn(line))),
    ...inputs,
  ];
  return {
    type: 'modal',
    callback_id: DECISION_SAVE,
    private_metadata: caseActionToken({ schoolId: view.schoolId, incidentId: view.incidentId, ref: view.ref }),
    title: plain('Record a decision', LIMITS.viewTitle),
    submit: plain(clip(view.submitLabel, LIMITS.viewButton), LIMITS.viewButton),
    close: plain('Back', LIMITS.viewButton),
    blocks,
  };
}

type StateValue = {
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }> | null;
};

/** What was entered in a decision modal, block id → text (a multi-select's values joined with commas); anything else is dropped. */
export function decisionValues(state: unknown): Array<[string, unknown]> {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  return Object.entries(blocks).map(([blockId, actions]) => {
    const v = actions?.[DECISION_VALUE];
    const many = Array.isArray(v?.selected_options) ? v.selected_options.map((o) => String(o?.value ?? '')).join(',') : undefined;
    return [blockId, v?.value ?? v?.selected_date ?? v?.selected_option?.value ?? many];
  });
}
