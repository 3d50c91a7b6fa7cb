/**
 * Reading an MIS export of pupils (CSV, with a header line). Column names are matched case-insensitively,
 * ignoring spaces and punctuation, against the names SIMS, Arbor, Bromcom and others use; other columns
 * are ignored. Every line is checked and every problem is reported with its line number before anything
 * is written, so one bad line changes nothing.
 */
import { InvalidInputError } from '../errors';
import { parseCsvRecords } from '../text/csv';
import { isUpn, type Pupil } from './pupil-record';

/** The largest export accepted, in bytes and in pupils (a large secondary school has about 2,000). */
export const PUPIL_IMPORT_LIMITS = { bytes: 10 * 1024 * 1024, rows: 20_000 } as const;

type Field = 'upn' | 'misId' | 'forename' | 'preferredName' | 'surname' | 'yearGroup' | 'registrationGroup' | 'dateOfBirth';

/** One checked line of the export: the register's fields as the record holds them. */
export interface PupilRow extends Pick<Pupil, Field> {
  /** The line of the file it came from (the header is line 1). */
  line: number;
}

/** The header names each field is read from, best first (a legal name wins over a plain one when both are there). */
const COLUMN_NAMES: Record<Field, string[]> = {
  upn: ['UPN', 'Unique Pupil Number'],
  misId: ['MIS ID', 'Admission number', 'Admission no', 'Adno', 'Pupil ID'],
  forename: ['Legal Forename', 'Forename', 'First name', 'Given name'],
  preferredName: ['Preferred forename', 'Preferred name', 'Known as'],
  surname: ['Legal Surname', 'Surname', 'Last name', 'Family name'],
  yearGroup: ['Year', 'Year group', 'NC year', 'National curriculum year'],
  registrationGroup: ['Reg', 'Registration group', 'Reg group', 'Class', 'Form', 'Tutor group'],
  dateOfBirth: ['DOB', 'Date of birth'],
};

const MAX_ERRORS = 20;
const MAX_NAME = 100;
const MAX_GROUP = 30;

const folded = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Which cell each field is in, from the header line; refuses a header without the columns every pupil needs. */
function columnsOf(header: string[]): Partial<Record<Field, number>> {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    if (!at.has(folded(h))) at.set(folded(h), i);
  });
  const columns: Partial<Record<Field, number>> = {};
  for (const [field, names] of Object.entries(COLUMN_NAMES) as Array<[Field, string[]]>) {
    const found = names.map((n) => at.get(folded(n))).find((i) => i !== undefined);
    if (found !== undefined) columns[field] = found;
  }
  const missing: string[] = [];
  if (columns.upn === undefined && columns.misId === undefined) missing.push(`a UPN or MIS id column (${[...COLUMN_NAMES.upn, ...COLUMN_NAMES.misId].join(', ')})`);
  for (const field of ['forename', 'surname', 'yearGroup'] as const) {
    if (columns[field] === undefined) missing.push(`a ${field === 'yearGroup' ? 'year group' : field} column (${COLUMN_NAMES[field].join(', ')})`);
  }
  if (missing.length) throw new InvalidInputError({ header: `Line 1 (the header): the file needs ${missing.join('; ')}.` }, 'The file is missing columns. Nothing was imported.');
  return columns;
}

/** A date of birth as YYYY-MM-DD, from dd/mm/yyyy (also with - or .) or yyyy-mm-dd; undefined if it is not a real date. */
export function parseUkDate(text: string): string | undefined {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = uk ? [uk[3], uk[2], uk[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return date.toISOString().slice(0, 10);
}

/** `Year 7`, `Y7`, `Yr 7` and `7` are all year 7; `R` and `N2` stay as they are. */
function yearOf(text: string): string {
  return text.replace(/^(year|yr|y)\s*(?=\w)/i, '').toUpperCase();
}

function checkedRow(cells: string[], columns: Partial<Record<Field, number>>, line: number, today: string): PupilRow | string[] {
  const cell = (field: Field) => {
    const i = columns[field];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const problems: string[] = [];
  const upn = cell('upn').toUpperCase() || undefined;
  if (upn && !isUpn(upn)) problems.push(`the UPN "${upn}" is not a UPN (13 characters: a letter, then 12 digits; a temporary UPN ends in a letter)`);
  const misId = cell('misId') || undefined;
  if (misId && misId.length > 50) problems.push('the MIS id is longer than 50 characters');
  if (!upn && !misId) problems.push('give a UPN or an MIS id');
  const forename = cell('forename');
  const surname = cell('surname');
  const preferred = cell('preferredName');
  for (const [what, value, required] of [
    ['forename', forename, true],
    ['surname', surname, true],
    ['preferred forename', preferred, false],
  ] as const) {
    if (required && !value) problems.push(`the ${what} is empty`);
    if (value.length > MAX_NAME) problems.push(`the ${what} is longer than ${MAX_NAME} characters`);
  }
  const yearGroup = yearOf(cell('yearGroup'));
  if (!yearGroup) problems.push('the year group is empty');
  else if (yearGroup.length > MAX_GROUP) problems.push(`the year group is longer than ${MAX_GROUP} characters`);
  const registrationGroup = cell('registrationGroup') || undefined;
  if (registrationGroup && registrationGroup.length > MAX_GROUP) problems.push(`the registration group is longer than ${MAX_GROUP} characters`);
  const dobText = cell('dateOfBirth');
  const dateOfBirth = dobText ? parseUkDate(dobText) : undefined;
  if (dobText && !dateOfBirth) problems.push(`the date of birth "${dobText}" is not a date (write dd/mm/yyyy or yyyy-mm-dd)`);
  else if (dateOfBirth && dateOfBirth > today) problems.push(`the date of birth "${dobText}" is in the future`);
  if (problems.length) return problems;
  return {
    line,
    upn,
    misId,
    forename,
    surname,
    preferredName: preferred && preferred !== forename ? preferred : undefined,
    yearGroup,
    registrationGroup,
    dateOfBirth,
  };
}

/**
 * The pupils in an MIS export, every line checked. Throws `InvalidInputError` naming each bad line (up to
 * twenty) and what is wrong with it, or the file's size, if any line is bad; a file with no pupils is
 * refused too (it would mark every pupil as a leaver). `today` (YYYY-MM-DD) bounds dates of birth.
 */
export function parsePupilsCsv(text: string, today: string): PupilRow[] {
  if (Buffer.byteLength(text, 'utf8') > PUPIL_IMPORT_LIMITS.bytes) {
    throw new InvalidInputError({ file: `The file is larger than ${PUPIL_IMPORT_LIMITS.bytes / 1024 / 1024} MB. Nothing was imported.` }, 'The file is too large.');
  }
  let records: ReturnType<typeof parseCsvRecords>;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InvalidInputError({ file: `${line ? `Line ${line}: ` : ''}this is not CSV a spreadsheet can read (${(error as { code?: string }).code ?? 'unreadable'}). Nothing was imported.` });
  }
  const [header, ...lines] = records;
  if (!header || lines.length === 0) throw new InvalidInputError({ file: 'The file has no pupils in it (only a header, or nothing). Nothing was imported, and no pupil was marked as a leaver.' });
  if (lines.length > PUPIL_IMPORT_LIMITS.rows) {
    throw new InvalidInputError({ file: `The file has ${lines.length} pupils; at most ${PUPIL_IMPORT_LIMITS.rows} are accepted in one import. Nothing was imported.` }, 'The file is too large.');
  }
  const columns = columnsOf(header.cells);
  const errors: string[] = [];
  const rows: PupilRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of lines) {
    const row = checkedRow(cells, columns, line, today);
    const problems = Array.isArray(row) ? row : [];
    // Ids are compared as written, even on a line with other faults, so every copy of a pupil is named.
    const raw = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    for (const [what, value] of [
      ['UPN', raw(columns.upn).toUpperCase()],
      ['MIS id', raw(columns.misId)],
    ]) {
      if (!value) continue;
      const key = `${what} ${value}`;
      const first = seen.get(key.toLowerCase());
      if (first !== undefined) problems.push(`the ${key} is also on line ${first}`);
      else seen.set(key.toLowerCase(), line);
    }
    if (problems.length) errors.push(`Line ${line}: ${problems.join('; ')}.`);
    else rows.push(row as PupilRow);
  }
  if (errors.length) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`…and ${errors.length - MAX_ERRORS} more.`);
    throw new InvalidInputError(Object.fromEntries(shown.map((e, i) => [`line-${i}`, e])), `${errors.length} ${errors.length === 1 ? 'line needs' : 'lines need'} another look. Nothing was imported.`);
  }
  return rows;
}
