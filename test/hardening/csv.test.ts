/**
 * CSV exports open in Excel: a name typed as a formula must open as text, and a line break inside a cell
 * (\r too) must not split the row. The people import reads quoted line breaks.
 */
import { parsePeopleCsv } from '../../src/core/aup/register-people';
import { csvLine, parseCsv } from '../../src/core/text/csv';

describe('CSV out', () => {
  it.each(['=HYPERLINK("https://evil.example","Click")', '+SUM(A1:A9)', '-2+3', '@SUM(1)'])('neutralises a leading formula character: %s', (name) => {
    const line = csvLine(['2026-11-20', name, 'staff']);
    const [cells] = parseCsv(line);
    expect(cells?.[1]?.startsWith("'")).toBe(true);
    expect(cells?.[1]?.slice(1)).toBe(name);
  });

  it('quotes a carriage return, so the row stays one row', () => {
    const line = csvLine(['a\rb', 'c']);
    expect(line.startsWith('"a\rb"')).toBe(true);
    expect(parseCsv(line)).toEqual([['a\rb', 'c']]);
  });

  it('leaves ordinary cells as they are', () => {
    expect(csvLine(['ES-2026-0001', 'Jo Smith', 'staff, part-time'])).toBe('ES-2026-0001,Jo Smith,"staff, part-time"');
  });
});

describe('CSV in', () => {
  it('reads a quoted line break inside a name as one person', () => {
    expect(parsePeopleCsv('name,audience,email\n"Jo\nSmith",staff,jo@example.org\nAnn Lee,parent,\n')).toEqual([
      { name: 'Jo\nSmith', audience: 'staff', email: 'jo@example.org' },
      { name: 'Ann Lee', audience: 'parent', email: undefined },
    ]);
  });
});
