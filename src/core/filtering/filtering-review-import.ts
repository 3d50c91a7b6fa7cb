/**
 * A review from a file (`npm run review:import -- <school> <file.csv>`): a CSV of `item,answer` lines, one
 * per checklist item (by its id in the pack), plus the lines `date`, `participants` and `outcome`. The
 * whole file is checked first; any problem stops the import naming its line or item, and nothing is written.
 */
import { SYSTEM_ACTOR } from '../incidents/incident';
import { parseCsvRecords } from '../text/csv';
import type { CoreDeps } from '../deps';
import { InvalidInputError } from '../errors';
import { findSchool } from '../people/resolve-school';
import { type FilteringReview, type ReviewInput, saveReview } from './filtering-review';

/** The largest file the import reads (a year's review is a few pages of text). */
export const MAX_REVIEW_FILE_BYTES = 64 * 1024;

const SPECIAL = new Set(['date', 'participants', 'outcome']);

/** Reads the CSV into a review's answers; a bad line, a repeated item or an oversized file is refused with its line number. */
export function parseReviewCsv(text: string): ReviewInput {
  if (Buffer.byteLength(text, 'utf8') > MAX_REVIEW_FILE_BYTES) throw new InvalidInputError({ file: `The file is larger than ${MAX_REVIEW_FILE_BYTES / 1024} KB.` }, 'The review was not imported.');
  let records: ReturnType<typeof parseCsvRecords>;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    throw new InvalidInputError({ file: `The file is not CSV a spreadsheet would read: ${(error as Error).message.slice(0, 120)}` }, 'The review was not imported.');
  }
  const problems: Record<string, string> = {};
  const input: ReviewInput = { date: undefined, participants: undefined, outcome: undefined, answers: {} };
  const seen = new Set<string>();
  for (const [index, { line, cells }] of records.entries()) {
    const key = (cells[0] ?? '').toLowerCase();
    if (index === 0 && key === 'item') continue;
    if (cells.length !== 2 || !key) {
      problems[`line ${line}`] = `Line ${line}: write two cells, the item and its answer (put quotes around an answer with a comma).`;
      continue;
    }
    if (seen.has(key)) {
      problems[`line ${line}`] = `Line ${line}: "${key.slice(0, 40)}" is given twice.`;
      continue;
    }
    seen.add(key);
    if (SPECIAL.has(key)) (input as unknown as Record<string, unknown>)[key] = cells[1];
    else input.answers[key] = cells[1];
  }
  if (Object.keys(problems).length) throw new InvalidInputError(problems, 'The review was not imported.');
  return input;
}

/** Imports one review for a school from CSV text, all or nothing; audited as the system. */
export async function importFilteringReview(deps: CoreDeps, schoolId: string, text: string): Promise<{ review: FilteringReview; created: boolean }> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new InvalidInputError({ school: `There is no school "${schoolId.slice(0, 60)}" in the policy pack.` }, 'The review was not imported.');
  return saveReview(deps, school, parseReviewCsv(text), SYSTEM_ACTOR, 'import');
}
