/**
 * The wizard modal's pupil step: an external select that searches the register as the person types
 * (served by the options listener), their part, "Add", and the pupils added so far with "Remove". Every
 * button is the wizard's "next" with its answer as the value, as the other answer buttons are; core
 * tells them apart and checks every id.
 */
import { PUPIL_CHOICES, PUPIL_INPUTS, type PupilInfo, pupilLabel, removeChoice } from '../../../core/wizard/pupil-step';
import type { PupilStepView } from '../../../core/wizard/wizard-view';
import { WIZARD_ACTIONS } from '../../../core/incidents/escalation-actions';
import { LIMITS, button, context, escapeMrkdwn, plain, section } from './block-kit';
import type { KnownBlock } from './slack-types';

/** The action id of the pupil search (an `external_select`); Slack asks the options listener for its matches. */
export const PUPIL_SEARCH_ACTION = 'pupil-search';
/** Where the part is read from (the same action id as every other wizard input). */
const PART_ACTION = 'value';

/** The pupil step as blocks (names only ever go to the reporter's own modal). */
export function pupilStepBlocks(step: PupilStepView): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: PUPIL_INPUTS.match,
      optional: true,
      label: plain(step.queryLabel, LIMITS.inputLabel),
      element: { type: 'external_select', action_id: PUPIL_SEARCH_ACTION, min_query_length: 2, placeholder: plain('Search the register', LIMITS.optionText) },
    } as KnownBlock,
    {
      type: 'input',
      block_id: PUPIL_INPUTS.part,
      optional: true,
      label: plain(step.partLabel, LIMITS.inputLabel),
      element: { type: 'static_select', action_id: PART_ACTION, options: step.parts.map((p) => ({ text: plain(p.label, LIMITS.optionText), value: p.value })) },
    } as KnownBlock,
    { type: 'actions', block_id: 'pupil-add', elements: [button(step.addLabel, WIZARD_ACTIONS.next, PUPIL_CHOICES.add)] },
    section(`*${escapeMrkdwn(step.chosenHeading)}*`),
  ];
  step.chosen.slice(0, 20).forEach((c, i) => {
    blocks.push({ ...section(escapeMrkdwn(`${c.label}: ${c.part}`), button(step.removeLabel, WIZARD_ACTIONS.next, removeChoice(c.id))), block_id: `pupil-${i}` } as KnownBlock);
  });
  if (!step.chosen.length) blocks.push(context('No pupil to add, or not on the register? Press Next and give their initials on the next step.'));
  return blocks;
}

/** One register match as an option of the external select: "Sam Carter (Year 5, 5C)", its value the register id. */
export function pupilOption(match: PupilInfo) {
  return { text: plain(pupilLabel(match), LIMITS.optionText), value: match.id };
}

/** The pupil chosen in the external select, under the input id core reads (`pupilMatch`). */
export function chosenMatch(state: unknown): Record<string, string> {
  const values = (state as { values?: Record<string, Record<string, { selected_option?: { value?: unknown } | null }>> } | undefined)?.values;
  const value = values?.[PUPIL_INPUTS.match]?.[PUPIL_SEARCH_ACTION]?.selected_option?.value;
  return typeof value === 'string' ? { [PUPIL_INPUTS.match]: value.slice(0, 200) } : {};
}
