/**
 * Finding a pupil by part of a name or a registration group, for the report wizard's pupil step: staff
 * type a few letters and choose from the matches. Only current pupils of one school are searched (one
 * partition). The caller decides who may search; the matches carry names, so they go to the person
 * searching only, never to a channel or a log.
 */
import type { CoreDeps } from '../deps';
import { type Pupil, displayNameOf } from './pupil-record';

/** One match: the pupil's register id and what staff need to tell two children apart. */
export interface PupilMatch {
  id: string;
  displayName: string;
  yearGroup: string;
  registrationGroup?: string;
}

/** The most matches `findPupils` returns, whatever it is asked for (a Slack external select shows 100; a card, far fewer). */
export const MAX_PUPIL_MATCHES = 50;

/** Lower case without accents or punctuation, so "Zoë O'Brien" is found by "zoe obrien". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * How well one typed word fits a pupil, best first: 0 the start of the surname, 1 the start of a
 * forename, 2 the start of the registration group, 3 inside a name or group; undefined for no match.
 */
function rankWord(word: string, pupil: { surname: string; forenames: string[]; group: string }): number | undefined {
  const surnameWords = pupil.surname.split(' ');
  if (pupil.surname.startsWith(word) || surnameWords.some((w) => w.startsWith(word))) return 0;
  if (pupil.forenames.some((f) => f.startsWith(word))) return 1;
  if (pupil.group.startsWith(word)) return 2;
  if ([pupil.surname, ...pupil.forenames, pupil.group].some((f) => f.includes(word))) return 3;
  return undefined;
}

/**
 * Current pupils of `schoolId` whose forename, preferred name, surname or registration group contains
 * each word of `text` (case- and accent-insensitively), best match first: a surname that starts with
 * what was typed, then a forename, then a registration group, then a match inside a word; ties by
 * surname then forename. Empty text finds nobody. At most `limit` (up to `MAX_PUPIL_MATCHES`).
 */
export async function findPupils(deps: CoreDeps, schoolId: string, text: string, limit = 10): Promise<PupilMatch[]> {
  const words = foldForSearch(text).split(' ').filter(Boolean);
  if (!words.length || limit < 1) return [];
  const current = await deps.store.query<Pupil>('pupils', { schoolId, where: [{ field: 'status', op: '=', value: 'current' }] });
  const ranked: Array<{ pupil: Pupil; rank: number; surname: string; forename: string }> = [];
  for (const pupil of current) {
    const folded = {
      surname: foldForSearch(pupil.surname),
      forenames: [pupil.forename, pupil.preferredName].filter((n): n is string => Boolean(n)).map(foldForSearch),
      group: foldForSearch(pupil.registrationGroup ?? ''),
    };
    let rank = 0;
    for (const word of words) {
      const r = rankWord(word, folded);
      if (r === undefined) {
        rank = -1;
        break;
      }
      // The first word typed says most about what the person is looking for.
      rank = rank * 4 + r;
    }
    if (rank >= 0) ranked.push({ pupil, rank, surname: folded.surname, forename: folded.forenames[folded.forenames.length - 1] ?? '' });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.surname.localeCompare(b.surname) || a.forename.localeCompare(b.forename) || a.pupil.id.localeCompare(b.pupil.id));
  return ranked.slice(0, Math.min(limit, MAX_PUPIL_MATCHES)).map(({ pupil }) => ({
    id: pupil.id,
    displayName: displayNameOf(pupil),
    yearGroup: pupil.yearGroup,
    registrationGroup: pupil.registrationGroup,
  }));
}
