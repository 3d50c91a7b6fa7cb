/**
 * The yearly review record is kept and given on request: `npm run review:import` also reads a `.json`
 * file (an array of the CSV's rows, or one object), all or nothing, naming the row and field at fault;
 * and retention covers `reviews`: kept by default, with a period deleted from the day each took place,
 * never the school's latest (the next one's due date depends on it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FilteringReview, lastReview } from '../../src/core/filtering/filtering-review';
import { importFilteringReview, parseReviewJson, reviewFileFormat } from '../../src/core/filtering/filtering-review-import';
import { applyRetention } from '../../src/core/retention/apply-retention';
import { ANSWERS } from '../builders/filtering-review-fixtures';
import { tempDeps } from '../builders/temp-store';

const SCHOOL = 'oakfield-primary';
let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-02T10:00:00Z'));
});
afterEach(async () => env.cleanup());

const reviews = () => env.deps.store.query<FilteringReview>('reviews', { schoolId: SCHOOL });
const rows = (over: Record<string, unknown> = {}) =>
  Object.entries({ date: '2026-11-30', participants: 'Head, governor', outcome: 'meets-standards', ...ANSWERS, ...over }).map(([item, answer]) => ({ item, answer }));

test('a JSON file of rows, or one object, imports as the CSV does', async () => {
  const fromRows = await importFilteringReview(env.deps, SCHOOL, JSON.stringify(rows()), 'json');
  expect(fromRows.created).toBe(true);
  expect(fromRows.review).toMatchObject({ date: '2026-11-30', participants: 'Head, governor', outcome: 'meets-standards', channel: 'import' });
  expect(fromRows.review.answers.map((a) => a.itemId)).toEqual(['roles', 'blocked-allowed', 'checks', 'alerts', 'changes']);
  const object = { date: '2026-11-29', participants: 'Head', outcome: 'changes-needed', ...ANSWERS };
  const fromObject = await importFilteringReview(env.deps, SCHOOL, JSON.stringify(object), 'json');
  expect(fromObject.review).toMatchObject({ date: '2026-11-29', outcome: 'changes-needed' });
  expect(await reviews()).toHaveLength(2);
  expect(reviewFileFormat('review.JSON')).toBe('json');
  expect(reviewFileFormat('review.csv')).toBe('csv');
});

test('a bad JSON file names the row and field, and nothing is written', async () => {
  const numberAnswer = rows().map((r, i) => (i === 2 ? { ...r, answer: 5 } : r));
  expect(() => parseReviewJson(JSON.stringify(numberAnswer))).toThrow(expect.objectContaining({ fieldErrors: { 'row 3': 'Row 3, answer: Expected string, received number.' } }));
  const extraKey = rows().map((r, i) => (i === 0 ? { ...r, note: 'x' } : r));
  expect(() => parseReviewJson(JSON.stringify(extraKey))).toThrow(expect.objectContaining({ fieldErrors: { 'row 1': 'Row 1: only "item" and "answer" are read (not "note").' } }));
  const noItem = rows().map((r, i) => (i === 4 ? { answer: r.answer } : r));
  expect(() => parseReviewJson(JSON.stringify(noItem))).toThrow(expect.objectContaining({ fieldErrors: { 'row 5': expect.stringMatching(/^Row 5, item: Required/) } }));
  expect(() => parseReviewJson(JSON.stringify([...rows(), { item: 'roles', answer: 'again' }]))).toThrow(expect.objectContaining({ fieldErrors: { 'row 9': 'Row 9: "roles" is given twice.' } }));
  expect(() => parseReviewJson(JSON.stringify({ ...ANSWERS, checks: ['a'] }))).toThrow(
    expect.objectContaining({ fieldErrors: { 'item checks': expect.stringContaining('"checks": Expected string') } }),
  );
  expect(() => parseReviewJson('{ not json')).toThrow(expect.objectContaining({ fieldErrors: { file: expect.stringContaining('The file is not JSON') } }));
  expect(() => parseReviewJson('"a string"')).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  expect(() => parseReviewJson(JSON.stringify([{ item: 'roles', answer: 'x'.repeat(70_000) }]))).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  // Well formed, but the checklist refuses it (an unknown item, a missing answer): all or nothing.
  await expect(importFilteringReview(env.deps, SCHOOL, JSON.stringify(rows({ chekcs: 'typo' })), 'json')).rejects.toMatchObject({ code: 'invalid-input' });
  await expect(importFilteringReview(env.deps, SCHOOL, JSON.stringify(rows({ alerts: '' })), 'json')).rejects.toMatchObject({ code: 'invalid-input' });
  expect(await reviews()).toEqual([]);
});

test('npm run review:import reads a .json file, and refuses a bad one naming its row', () => {
  const work = mkdtempSync(join(tmpdir(), 'esafety-review-json-'));
  try {
    const run = (file: string) => spawnSync('npm', ['run', '-s', 'review:import', '--', SCHOOL, file], { encoding: 'utf8', env: { ...process.env, STORE: 'embedded', DATA_DIR: join(work, 'data') } });
    writeFileSync(join(work, 'bad.json'), JSON.stringify(rows().map((r, i) => (i === 1 ? { ...r, answer: null } : r))));
    const bad = run(join(work, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Row 2, answer: Expected string, received null.');
    writeFileSync(join(work, 'review.json'), JSON.stringify(rows()));
    const good = run(join(work, 'review.json'));
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain(`Recorded the filtering and monitoring review of 2026-11-30 for ${SCHOOL}: 5 questions answered.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 60_000);

test('reviews are kept by default; with a period, old ones go from the day they took place, never the latest', async () => {
  for (const date of ['2018-11-20', '2019-11-20', '2026-11-30']) await importFilteringReview(env.deps, SCHOOL, JSON.stringify(rows({ date })), 'json');
  const now = new Date('2026-12-02T10:00:00Z');
  expect(env.deps.pack.retention.reviews).toBe('keep');
  expect((await applyRetention(env.deps, now))[SCHOOL]?.reviews).toBe(0);
  const sixYears = { ...env.deps, pack: { ...env.deps.pack, retention: { ...env.deps.pack.retention, reviews: '6 years' as const } } };
  expect((await applyRetention(sixYears, now, { dryRun: true }))[SCHOOL]?.reviews).toBe(2);
  expect((await reviews()).length).toBe(3);
  expect((await applyRetention(sixYears, now))[SCHOOL]?.reviews).toBe(2);
  expect((await reviews()).map((r) => r.date)).toEqual(['2026-11-30']);

  // A school whose only review is older than the period keeps it: the next one is due from it.
  const oneYear = { ...env.deps, pack: { ...env.deps.pack, retention: { ...env.deps.pack.retention, reviews: '1 year' as const } } };
  expect((await applyRetention(oneYear, new Date('2030-01-01T10:00:00Z')))[SCHOOL]?.reviews).toBe(0);
  expect((await lastReview(env.deps, SCHOOL))?.date).toBe('2026-11-30');
});
