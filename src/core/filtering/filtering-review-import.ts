/**
 * A review from a file (`npm run review:import -- <school> <file.csv|file.json>`): a CSV of `item,answer`
 * lines, one per checklist item (by its id in the pack), plus the lines `date`, `participants` and
 * `outcome`; or the same as JSON: an array of `{ "item", "answer" }` rows, or one object of item → answer.
 * The whole file is checked first (the JSON's shape with zod); any problem stops the import naming its
 * line, row or item, and nothing is written.
 */
import { z } from 'zod';
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

const MAX_ITEM = 100;
const MAX_ANSWER = 10_000;
const JsonRow = z.object({ item: z.string().trim().min(1).max(MAX_ITEM), answer: z.string().max(MAX_ANSWER) }).strict();
const JsonRows = z.array(JsonRow).min(1).max(100);
const JsonObject = z.record(z.string().trim().min(1).max(MAX_ITEM), z.string().max(MAX_ANSWER));

/** Reads a JSON review (an array of `{ item, answer }` rows, or one object of item → answer); a bad row is refused naming the row and field. */
export function parseReviewJson(text: string): ReviewInput {
  if (Buffer.byteLength(text, 'utf8') > MAX_REVIEW_FILE_BYTES) throw new InvalidInputError({ file: `The file is larger than ${MAX_REVIEW_FILE_BYTES / 1024} KB.` }, 'The review was not imported.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError({ file: `The file is not JSON: ${(error as Error).message.slice(0, 120)}` }, 'The review was not imported.');
  }
  const problems: Record<string, string> = {};
  let rows: Array<{ item: string; answer: string }> = [];
  if (Array.isArray(data)) {
    const parsed = JsonRows.safeParse(data);
    if (parsed.success) rows = parsed.data;
    else
      for (const issue of parsed.error.issues) {
        const [row, field] = issue.path;
        const key = typeof row === 'number' ? `row ${row + 1}` : 'file';
        problems[key] ??=
          typeof row === 'number'
            ? `Row ${row + 1}${field === undefined ? '' : `, ${String(field)}`}: ${issue.code === 'unrecognized_keys' ? `only "item" and "answer" are read (not ${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')})` : issue.message}.`
            : `The file must hold 1 to 100 rows: ${issue.message}.`;
      }
  } else if (data !== null && typeof data === 'object') {
    const parsed = JsonObject.safeParse(data);
    if (parsed.success) rows = Object.entries(parsed.data).map(([item, answer]) => ({ item, answer }));
    else for (const issue of parsed.error.issues) problems[`item ${String(issue.path[0] ?? '').slice(0, 40)}`] ??= `"${String(issue.path[0] ?? '').slice(0, 40)}": ${issue.message}.`;
  } else problems.file = 'The file must hold an array of { "item", "answer" } rows, or one object of item and answer.';
  const input: ReviewInput = { date: undefined, participants: undefined, outcome: undefined, answers: {} };
  const seen = new Set<string>();
  for (const [index, { item, answer }] of rows.entries()) {
    const key = item.toLowerCase();
    if (seen.has(key)) {
      problems[`row ${index + 1}`] = `Row ${index + 1}: "${key.slice(0, 40)}" is given twice.`;
      continue;
    }
    seen.add(key);
    if (SPECIAL.has(key)) (input as unknown as Record<string, unknown>)[key] = answer;
    else input.answers[key] = answer;
  }
  if (Object.keys(problems).length) throw new InvalidInputError(problems, 'The review was not imported.');
  return input;
}

/** The formats the import reads, by the file's name. */
export type ReviewFileFormat = 'csv' | 'json';

/** The format of a review file by its name: `.json` is JSON, anything else CSV. */
export function reviewFileFormat(fileName: string): ReviewFileFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'csv';
}

/** Imports one review for a school from CSV (or JSON) text, all or nothing; audited as the system. */
export async function importFilteringReview(deps: CoreDeps, schoolId: string, text: string, format: ReviewFileFormat = 'csv'): Promise<{ review: FilteringReview; created: boolean }> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new InvalidInputError({ school: `There is no school "${schoolId.slice(0, 60)}" in the policy pack.` }, 'The review was not imported.');
  return saveReview(deps, school, format === 'json' ? parseReviewJson(text) : parseReviewCsv(text), SYSTEM_ACTOR, 'import');
}
