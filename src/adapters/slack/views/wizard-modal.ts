/**
 * Core's `WizardView` as a Slack modal. Choices are buttons beside the full wording (Slack's option text
 * stops at 75 characters, too short for a triage line); typed details are input blocks whose block ids
 * are the core's field ids, so `response_action: 'errors'` can point at them.
 */
import { WIZARD_ACTIONS } from '../../../core/incidents/escalation-actions';
import type { WizardView, ViewField } from '../../../core/wizard/wizard-view';
import { formatWallClock, splitWallClock } from '../../../core/text/time-words';
import { LIMITS, bullets, button, context, escapeMrkdwn, header, longText, numbered, plain, section } from './block-kit';
import type { InputBlock, KnownBlock, ModalView } from './slack-types';
import { pupilStepBlocks } from './wizard-pupils';

export const WIZARD_TITLE = 'Report a concern';
/** Where a field's value sits in the modal's state: the block id is the field id, the action id this. */
export const FIELD_ACTION = 'value';
export const WHEN_TIME_BLOCK = 'whenTime';

/** The block an error for `fieldId` is shown under. */
export function errorBlockId(fieldId: string): string {
  return fieldId === 'when' ? 'whenDate' : fieldId;
}

function input(field: ViewField): InputBlock[] {
  const common = { optional: !field.required, ...(field.help ? { hint: plain(field.help, LIMITS.inputLabel) } : {}) };
  if (field.kind === 'date-time') {
    const { date, time } = splitWallClock(field.value);
    return [
      {
        type: 'input',
        block_id: 'whenDate',
        label: plain(field.label, LIMITS.inputLabel),
        ...common,
        element: { type: 'datepicker', action_id: FIELD_ACTION, ...(date ? { initial_date: date } : {}) },
      },
      {
        type: 'input',
        block_id: WHEN_TIME_BLOCK,
        label: plain('Time (if you know it)'),
        optional: true,
        element: { type: 'timepicker', action_id: FIELD_ACTION, ...(time ? { initial_time: time } : {}) },
      },
    ];
  }
  // Slack's text input holds at most 3,000 characters; core's longer limit still applies on submit.
  const maxLength = Math.min(field.maxLength, 3000);
  return [
    {
      type: 'input',
      block_id: field.id,
      label: plain(field.label, LIMITS.inputLabel),
      ...common,
      element: {
        type: 'plain_text_input',
        action_id: FIELD_ACTION,
        multiline: field.kind === 'multiline',
        max_length: maxLength,
        ...(field.value ? { initial_value: field.value.slice(0, maxLength) } : {}),
      },
    },
  ];
}

function body(view: WizardView, token: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (view.urgent) blocks.push(section(`:rotating_light: *${escapeMrkdwn(view.urgent.heading)}*\n${bullets(view.urgent.lines)}`));
  blocks.push(header(view.title));
  for (const line of view.intro) blocks.push(section(escapeMrkdwn(line)));
  // The review step: who the plan sends it to and what each is given, before the answers.
  if (view.plan?.length) blocks.push(section(`*It goes to*\n${bullets(view.plan.map((p) => `${p.who}: ${p.job}`))}`));
  const fieldIds = new Set((view.fields ?? []).map((f) => f.id as string));
  const general = Object.entries(view.errors)
    .filter(([key]) => !fieldIds.has(key))
    .map(([, message]) => message);
  if (general.length) blocks.push(section(`:warning: ${escapeMrkdwn(general.join(' '))}`));
  (view.choices ?? []).forEach((choice, i) => {
    blocks.push({ ...section(escapeMrkdwn(choice.label), button('Choose', WIZARD_ACTIONS.next, choice.value)), block_id: `choice-${i}` } as KnownBlock);
  });
  if (view.guidance?.do.length) blocks.push(section(`*Do*\n${bullets(view.guidance.do)}`));
  if (view.guidance?.dont.length) blocks.push(section(`*Do not*\n${bullets(view.guidance.dont)}`));
  if (view.noUploadsReason) blocks.push(section(`:no_entry_sign: *Do not attach or upload any image*\n${escapeMrkdwn(view.noUploadsReason)}`));
  for (const field of view.fields ?? []) blocks.push(...input(field));
  if (view.pupilStep) blocks.push(...pupilStepBlocks(view.pupilStep));
  if (view.checklist?.length) blocks.push(section(numbered(view.checklist.map((c) => c.text))));
  // What the person typed, under its label in plain_text, exactly as typed (never a link or formatting);
  // a very long answer is split across sections, never cut.
  for (const row of view.review ?? []) blocks.push(section(`*${escapeMrkdwn(row.label)}*`), ...longText(formatWallClock(row.value)));
  const next = view.submitLabel ?? view.nextLabel;
  if (next && next.length > LIMITS.viewButton) blocks.push(context(`When you are ready: *${escapeMrkdwn(next)}* (the Continue button).`));
  if (view.canGoBack) blocks.push({ type: 'actions', block_id: 'wizard-nav', elements: [button('Back', WIZARD_ACTIONS.back, token)] });
  return blocks;
}

/** The modal for one wizard step. `token` is the opaque wizard reference kept in `private_metadata`. */
export function wizardModal(view: WizardView, token: string): ModalView {
  // Submitting the pupil step is "Next" (a pupil chosen in the list is added first); skipping is the same press.
  const next = view.submitLabel ?? (view.pupilStep ? 'Next' : view.nextLabel);
  return {
    type: 'modal',
    callback_id: view.submitLabel ? WIZARD_ACTIONS.submit : WIZARD_ACTIONS.next,
    title: plain(WIZARD_TITLE, LIMITS.viewTitle),
    close: plain('Cancel', LIMITS.viewButton),
    ...(next ? { submit: plain(next.length <= LIMITS.viewButton ? next : 'Continue', LIMITS.viewButton) } : {}),
    notify_on_close: true,
    private_metadata: token,
    blocks: body(view, token),
  };
}

/** A modal that only says something (the receipt, a refusal, a card that cannot be used). */
export function noticeModal(title: string, lines: string[], modalTitle = WIZARD_TITLE): ModalView {
  return {
    type: 'modal',
    title: plain(modalTitle, LIMITS.viewTitle),
    close: plain('Close', LIMITS.viewButton),
    blocks: [header(title), ...lines.map((l) => section(escapeMrkdwn(l)))],
  };
}
