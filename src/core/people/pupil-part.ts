/** A child's part in an incident, as the DSL records it (and may correct it later). */

/** The parts a pupil can have in an incident, in the order cards offer them. */
export const PUPIL_PARTS = ['harmed', 'instigator', 'witness', 'other'] as const;
/** One pupil's part in one incident. */
export type PupilPart = (typeof PUPIL_PARTS)[number];

/** Each part in the words staff see on cards and in the child's file. */
export const PUPIL_PART_WORDS: Record<PupilPart, string> = {
  harmed: 'Harmed or at risk',
  instigator: 'Instigator',
  witness: 'Witness',
  other: 'Other',
};

/** True when `value` is one of the parts (for untrusted card and modal values). */
export function isPupilPart(value: unknown): value is PupilPart {
  return typeof value === 'string' && (PUPIL_PARTS as readonly string[]).includes(value);
}
