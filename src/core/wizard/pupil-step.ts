/**
 * The wizard's pupil step: the reporter finds pupils on the school's register by part of a name or a
 * class and gives each a part, before the details form. Pure: the state keeps only register ids and
 * parts (never a name); the use case checks ids against the register and does the searching, and hands
 * this step what it found.
 */
import { type PupilPart, PUPIL_PARTS, PUPIL_PART_WORDS, isPupilPart } from '../people/pupil-part';
import type { Procedure } from '../policy/schema';

/** One pupil chosen in the wizard: a register id and their part. */
export interface ChosenPupil {
  pupilId: string;
  part: PupilPart;
}

/** What a person sees of a register entry while reporting (only in their own 1:1 chat or modal). */
export interface PupilInfo {
  id: string;
  displayName: string;
  yearGroup: string;
  registrationGroup?: string;
}

/**
 * The pupil step's buttons are the wizard's own "next", told apart by the answer they carry (`choice`),
 * as every other answer button is: search, add, skip, or remove one pupil (`pupil-remove:<register id>`).
 * Plain "next" (no answer) moves on, adding a pupil still chosen in the list first.
 */
export const PUPIL_CHOICES = { search: 'pupil-search', add: 'pupil-add', skip: 'pupil-skip', removePrefix: 'pupil-remove:' } as const;

/** The input ids the pupil step reads. */
export const PUPIL_INPUTS = { query: 'pupilQuery', match: 'pupilMatch', part: 'pupilPart' } as const;

/** The answer a pupil's "Remove" button carries. */
export function removeChoice(pupilId: string): string {
  return `${PUPIL_CHOICES.removePrefix}${pupilId}`;
}

/** The most pupils one report links from the register (any others go in as initials). */
export const MAX_CHOSEN_PUPILS = 20;
/** The longest search accepted: part of a name or a class is a few words. */
export const MAX_PUPIL_QUERY = 60;
/** The most matches one search shows. */
export const PUPIL_MATCH_LIMIT = 10;

/** What the use case found for this step: which ids in the input are current pupils of the reporter's school. */
export interface RegisterCheck {
  /** True when the school has at least one current pupil on its register (else the step is never shown). */
  inUse: boolean;
  /** Ids from this input that the use case found on the school's register as current pupils. */
  verified: string[];
}

/** The pupil step's outcome for the engine: stay with messages, search, change the list, or move on with it. */
export type PupilStepResult =
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'search'; text: string }
  | { kind: 'changed'; pupils: ChosenPupil[] }
  | { kind: 'done'; pupils: ChosenPupil[] };

/** True when the procedure asks who the pupils are, so the register can be offered for it. */
export function asksForPupils(procedure: Procedure | undefined): boolean {
  return Boolean(procedure?.fields.some((f) => f.id === 'pupils'));
}

/** The pupils a wizard will link: none if its procedure does not ask about pupils (the reporter went back and chose another). */
export function chosenPupils(procedure: Procedure | undefined, pupils: ChosenPupil[] | undefined): ChosenPupil[] {
  return asksForPupils(procedure) ? (pupils ?? []) : [];
}

/** One pupil in words for the reporter: "Sam Carter (Year 5, 5C)". */
export function pupilLabel(info: PupilInfo): string {
  const year = info.yearGroup === 'R' ? 'Reception' : info.yearGroup.startsWith('N') ? `Nursery ${info.yearGroup}` : `Year ${info.yearGroup}`;
  return `${info.displayName} (${[year, info.registrationGroup].filter(Boolean).join(', ')})`;
}

/** The parts as choices, in the order cards offer them. */
export function partChoices(): Array<{ value: PupilPart; label: string }> {
  return PUPIL_PARTS.map((p) => ({ value: p, label: PUPIL_PART_WORDS[p] }));
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function added(current: ChosenPupil[], values: Record<string, unknown>, check: RegisterCheck): { pupils: ChosenPupil[] } | { errors: Record<string, string> } {
  const id = text(values[PUPIL_INPUTS.match])?.trim();
  if (!id) return { errors: { [PUPIL_INPUTS.match]: 'Search, then choose a pupil from the matches.' } };
  if (id.length > 100 || !check.verified.includes(id)) {
    return { errors: { [PUPIL_INPUTS.match]: "That pupil is not on this school's register, so nobody was added. Search again and choose from the matches." } };
  }
  const part = values[PUPIL_INPUTS.part];
  if (!isPupilPart(part)) return { errors: { [PUPIL_INPUTS.part]: 'Choose their part: harmed or at risk, instigator, witness or other.' } };
  const others = current.filter((p) => p.pupilId !== id);
  if (others.length >= MAX_CHOSEN_PUPILS) {
    return { errors: { [PUPIL_INPUTS.match]: `At most ${MAX_CHOSEN_PUPILS} pupils can be added here. Give any others as initials on the next step.` } };
  }
  // Choosing someone already on the list again changes their part, in place.
  const at = current.findIndex((p) => p.pupilId === id);
  const pupils = at < 0 ? [...current, { pupilId: id, part }] : current.map((p, i) => (i === at ? { pupilId: id, part } : p));
  return { pupils };
}

/** Applies one press on the pupil step. Never throws: bad or tampered values come back as messages and change nothing. */
export function stepPupils(current: ChosenPupil[], values: Record<string, unknown>, check: RegisterCheck): PupilStepResult {
  const choice = text(values.choice) ?? '';
  const op = choice.startsWith(PUPIL_CHOICES.removePrefix) ? 'remove' : choice;
  switch (op) {
    case PUPIL_CHOICES.search: {
      const query = (text(values[PUPIL_INPUTS.query]) ?? '').trim();
      if (!query) return { kind: 'errors', errors: { [PUPIL_INPUTS.query]: 'Type part of a name or a class, then press Search.' } };
      if (query.length > MAX_PUPIL_QUERY) return { kind: 'errors', errors: { [PUPIL_INPUTS.query]: `Type at most ${MAX_PUPIL_QUERY} characters: part of a name or a class.` } };
      return { kind: 'search', text: query };
    }
    case PUPIL_CHOICES.add: {
      const result = added(current, values, check);
      return 'errors' in result ? { kind: 'errors', errors: result.errors } : { kind: 'changed', pupils: result.pupils };
    }
    case 'remove': {
      const id = choice.slice(PUPIL_CHOICES.removePrefix.length);
      if (!id || !current.some((p) => p.pupilId === id)) return { kind: 'errors', errors: { choice: 'That pupil is not on this report, so nothing was removed.' } };
      return { kind: 'changed', pupils: current.filter((p) => p.pupilId !== id) };
    }
    case PUPIL_CHOICES.skip:
      return { kind: 'done', pupils: current };
    case '': {
      // "Next" with a pupil still chosen in the list adds them first, as "Add" would.
      if (!text(values[PUPIL_INPUTS.match])?.trim()) return { kind: 'done', pupils: current };
      const result = added(current, values, check);
      return 'errors' in result ? { kind: 'errors', errors: result.errors } : { kind: 'done', pupils: result.pupils };
    }
    default:
      return { kind: 'errors', errors: { choice: 'That button is not recognised, so nothing was changed. Please try again.' } };
  }
}
