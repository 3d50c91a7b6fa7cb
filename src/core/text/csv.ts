/** CSV as spreadsheets read it: a cell with a comma, quote or line break is quoted, quotes doubled. */
export function csvLine(cells: string[]): string {
  return cells.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}
