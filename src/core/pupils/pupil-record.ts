/**
 * The pupil register: one `Pupil` per child the school's MIS export names (collection `pupils`), kept
 * up to date by `npm run pupils:import`. A pupil missing from a later export is marked as a leaver
 * (`leftAt`), never deleted by the import; retention removes a leaver's entry when its period ends.
 * Names and dates of birth never go in a log, a channel card or a digest.
 */
import type { Doc } from '../../ports/document-store';

/** One register entry (collection `pupils`, id from `pupilIdFor`). */
export interface Pupil extends Doc {
  id: string;
  schoolId: string;
  /** The DfE's Unique Pupil Number, upper case (see `isUpn`). */
  upn?: string;
  /** The MIS's own id for the pupil (admission number, Adno). */
  misId?: string;
  /** Legal forename and surname, as the MIS holds them. */
  forename: string;
  surname: string;
  /** The name the child is known by, when the MIS gives one different from the legal forename. */
  preferredName?: string;
  /** National curriculum year as the MIS writes it, without a "Year" prefix: `R`, `N2`, `7`. */
  yearGroup: string;
  /** Registration group (form, class), when the export gives one. */
  registrationGroup?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** `current`, or `left` once an import no longer names them (queried by retention and search). */
  status: 'current' | 'left';
  /** When an import first found them missing (ISO 8601); cleared if they come back. */
  leftAt?: string;
  /** When an import first added them, and when one last changed them (ISO 8601). */
  importedAt: string;
  updatedAt: string;
}

/**
 * A temporary UPN ends in a letter; a permanent one in a digit. Both are 13 characters, starting with a
 * letter (the check letter), as the DfE's UPN guide defines them. The check letter itself is not verified.
 */
const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;

/** True when `text` (already upper-cased and trimmed) has the form of a UPN: a letter, 11 digits, then a digit (or a letter, for a temporary UPN). */
export function isUpn(text: string): boolean {
  return UPN.test(text);
}

/** A pupil's register id: from the UPN when the export gives one, else from the MIS id. Deterministic, so a re-import finds the same record. */
export function pupilIdFor(input: { upn?: string; misId?: string }): string {
  if (input.upn) return `pupil:upn:${input.upn}`;
  if (input.misId) return `pupil:mis:${input.misId.toLowerCase()}`;
  throw new RangeError('a pupil needs a UPN or an MIS id');
}

/** The name staff know the child by: the preferred forename when there is one, then the surname. */
export function displayNameOf(pupil: Pick<Pupil, 'forename' | 'preferredName' | 'surname'>): string {
  return `${pupil.preferredName ?? pupil.forename} ${pupil.surname}`;
}
