/**
 * `npm run aup:import -- <school-id> <file.csv>`: adds people to a school's AUP register from a CSV of
 * `name,audience,email` lines (a header line is skipped). Every line is checked first; one bad line
 * stops the import with its line number and nothing is written. Uses the configured store.
 */
import { readFileSync } from 'node:fs';
import { recordAudit } from '../src/core/audit/audit-log';
import { parsePeopleCsv, upsertPeople } from '../src/core/aup/register-people';
import { SYSTEM_ACTOR } from '../src/core/incidents/incident';
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
    throw new Error(`Usage: npm run aup:import -- <school-id> <file.csv>\nSchools: ${pack.schools.map((s) => s.id).join(', ')}`);
  }
  const store = await openStore(config);
  try {
    const deps = { store, pack, clock: systemClock, ids: randomIds };
    const rows = parsePeopleCsv(readFileSync(file, 'utf8'));
    const result = await upsertPeople(deps, schoolId, rows, 'import');
    await recordAudit(deps, { schoolId, actor: SYSTEM_ACTOR, action: 'aup.import', outcome: 'ok', detail: `added=${result.added} updated=${result.updated}` });
    process.stdout.write(`Imported ${rows.length} people: ${result.added} added, ${result.updated} updated.\n`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  const fieldErrors = (error as { fieldErrors?: Record<string, string> }).fieldErrors;
  process.stderr.write(`${fieldErrors ? Object.values(fieldErrors).join('\n') : (error as Error).message}\n`);
  process.exit(1);
});
