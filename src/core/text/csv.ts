/**
 * CSV as spreadsheets read it, through csv-stringify and csv-parse (well-kept, and they get quoting,
 * line breaks and formula injection right): a cell with a comma, quote or line break (`\r` too) is
 * quoted, and a cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so
 * a name typed as `=HYPERLINK(…)` opens in Excel as text, not as a formula.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** One CSV line from cells, quoted where needed and safe against formula injection. */
export function csvLine(cells: string[]): string {
  return stringify([cells], { escape_formulas: true, quoted_match: /[\r\n]/, record_delimiter: 'unix' }).replace(/\n$/, '');
}

/** Rows of cells from CSV text: quoted fields may hold commas, quotes and line breaks; blank lines are skipped. */
export function parseCsv(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
}

/** One CSV record and the file line it ends on (1 is the first line), for errors that name the line. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Like `parseCsv`, with each record's line number in the file (blank lines are skipped but still counted). */
export function parseCsvRecords(text: string): CsvRecord[] {
  const parsed = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return parsed.map(({ record, info }) => ({ line: info.lines, cells: record }));
}
