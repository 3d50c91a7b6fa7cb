/**
 * `npm run review:import -- <school-id> <file.csv>`: records a school's yearly filtering and monitoring
 * review from a CSV of `item,answer` lines: one line for each question of the pack's checklist (its id in
 * `filteringReview`), and the lines `date`, `participants` and `outcome` (meets-standards or
 * changes-needed). A `.json` file is read as JSON: an array of `{ "item", "answer" }` rows, or one object
 * of item → answer. The whole file is checked first; any problem stops the import naming its line, row
 * or item, and nothing is written. Uses the configured store.
 */
import { readFileSync, statSync } from 'node:fs';
import { importFilteringReview, MAX_REVIEW_FILE_BYTES, reviewFileFormat } from '../src/core/filtering/filtering-review-import';
import { loadConfig } from '../src/app/config';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { openStore } from '../src/app/open-store';
import { systemClock } from '../src/ports/clock';
import { randomIds } from '../src/ports/ids';

async function main(): Promise<void> {
  const [schoolId, file] = process.argv.slice(2);
  const config = loadConfig();
  const pack = loadPolicyPack(config.POLICY_DIR);
  if (!schoolId || !file || !pack.schools.some((s) => s.id === schoolId)) {
    throw new Error(`Usage: npm run review:import -- <school-id> <file.csv or file.json>\nSchools: ${pack.schools.map((s) => s.id).join(', ')}`);
  }
  // The size is checked before the file is read, so a wrong file (a video, a database) is refused at once.
  if (statSync(file).size > MAX_REVIEW_FILE_BYTES) throw new Error(`The file is larger than ${MAX_REVIEW_FILE_BYTES / 1024} KB; a review is a few pages of text.`);
  const store = await openStore(config);
  try {
    const deps = { store, pack, clock: systemClock, ids: randomIds };
    const { review, created } = await importFilteringReview(deps, schoolId, readFileSync(file, 'utf8'), reviewFileFormat(file));
    process.stdout.write(
      created
        ? `Recorded the filtering and monitoring review of ${review.date} for ${schoolId}: ${review.answers.length} questions answered.\n`
        : `The review of ${review.date} was already recorded; nothing changed.\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  const fieldErrors = (error as { fieldErrors?: Record<string, string> }).fieldErrors;
  process.stderr.write(`${(error as Error & { userMessage?: string }).userMessage ?? (error as Error).message}\n${fieldErrors ? `${Object.values(fieldErrors).join('\n')}\n` : ''}`);
  process.exit(1);
});
