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

/** A CSV cut to fit one chat message: whole rows only, and how many of the rows it holds. */
export interface ChatCsv {
  /** The header and as many whole rows as fit. */
  text: string;
  /** Rows shown (the header not counted). */
  rows: number;
  /** Rows in the whole CSV (the header not counted). */
  totalRows: number;
}

/** Fits a CSV with a header into `maxChars`, cutting only between rows (a quoted cell may hold a line break). */
export function fitCsv(text: string, maxChars: number): ChatCsv {
  const records = parse(text, { raw: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as Array<{ raw: string }>;
  const [header, ...rows] = records.map((r) => (r.raw.endsWith('\n') ? r.raw : `${r.raw}\n`));
  let out = header ?? '';
  let shown = 0;
  for (const row of rows) {
    if (out.length + row.length > maxChars) break;
    out += row;
    shown++;
  }
  return { text: out, rows: shown, totalRows: rows.length };
}

/** Said under a CSV that was cut to fit, so nobody takes it for the whole; `undefined` when it is whole. */
export function csvCutWords(csv: ChatCsv, rowsWord: string, more = ''): string | undefined {
  if (csv.rows === csv.totalRows) return undefined;
  return `Only the first ${csv.rows} of ${csv.totalRows} ${rowsWord} fit in one chat message: this is not all of them.${more ? ` ${more}` : ''}`;
}
