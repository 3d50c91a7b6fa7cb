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
