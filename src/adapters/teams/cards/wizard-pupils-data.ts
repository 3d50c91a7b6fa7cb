/**
 * The wizard card's pupil step: the search box and its button, the matches with a part each and "Add",
 * and the pupils added so far, each with "Remove". Every button is the wizard's "next" carrying its
 * answer as `choice`, as the other answer buttons do; core tells them apart and checks every id.
 */
import { PUPIL_CHOICES, PUPIL_INPUTS, removeChoice } from '../../../core/wizard/pupil-step';
import type { WizardView } from '../../../core/wizard/wizard-view';
import type { WizardActionData } from './card-data';

/** The pupil step's inputs, whose messages are drawn beside them rather than at the top. */
export const PUPIL_INPUT_IDS = new Set<string>(Object.values(PUPIL_INPUTS));

/** The template data for the pupil step (set on every step, so the template never meets an undefined field). */
export function wizardPupilsData(view: WizardView, actionData: WizardActionData) {
  const step = view.pupilStep;
  const queryError = view.errors[PUPIL_INPUTS.query] ?? '';
  const matchError = view.errors[PUPIL_INPUTS.match] ?? view.errors[PUPIL_INPUTS.part] ?? '';
  return {
    hasPupilStep: Boolean(step),
    pupilStep: {
      queryLabel: step?.queryLabel ?? '',
      query: step?.query ?? '',
      queryMaxLength: step?.queryMaxLength ?? 60,
      queryErrorMessage: queryError || 'Please check this answer.',
      hasQueryError: Boolean(queryError),
      queryError,
      searchLabel: step?.searchLabel ?? '',
      searchData: { ...actionData, choice: PUPIL_CHOICES.search },
      hasNoMatches: Boolean(step?.noMatchesLine),
      noMatchesLine: step?.noMatchesLine ?? '',
      hasMatches: Boolean(step?.matches.length),
      matchLabel: step?.matchLabel ?? '',
      matches: (step?.matches ?? []).map((m) => ({ title: m.label, value: m.value })),
      partLabel: step?.partLabel ?? '',
      parts: (step?.parts ?? []).map((p) => ({ title: p.label, value: p.value })),
      addLabel: step?.addLabel ?? '',
      addData: { ...actionData, choice: PUPIL_CHOICES.add },
      hasMatchError: Boolean(matchError),
      matchError,
      chosenHeading: step?.chosenHeading ?? '',
      chosen: (step?.chosen ?? []).map((c) => ({ text: `${c.label}: ${c.part}`, removeLabel: step?.removeLabel ?? 'Remove', removeData: { ...actionData, choice: removeChoice(c.id) } })),
    },
    // "Skip: I will give initials" skips: a pupil left chosen in the list is not added behind the person's back.
    nextData: step && !step.chosen.length ? { ...actionData, choice: PUPIL_CHOICES.skip } : actionData,
  };
}
