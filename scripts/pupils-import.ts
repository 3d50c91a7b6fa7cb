/**
 * `npm run pupils:import -- <school-id> <file.csv>`: brings a school's pupil register in line with an
 * MIS export (CSV with a header line: UPN or MIS id, names, year, registration group, date of birth).
 * Every line is checked first; any bad line stops the import, naming each line and what is wrong, and
 * nothing is written. Pupils no longer in the export are marked as leavers, never deleted; an export
 * that would make more than a quarter of the school leavers needs `--leavers-ok`. Uses the
 * configured store. Names never reach the output or the audit trail, only counts.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadConfig } from '../src/app/config';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { openStore } from '../src/app/open-store';
import { recordAudit } from '../src/core/audit/audit-log';
import { SYSTEM_ACTOR } from '../src/core/incidents/incident';
import { importPupils } from '../src/core/pupils/import-pupils';
import { PUPIL_IMPORT_LIMITS, parsePupilsCsv } from '../src/core/pupils/parse-pupils-csv';
import { systemClock } from '../src/ports/clock';
import { randomIds } from '../src/ports/ids';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const leaversOk = args.includes('--leavers-ok');
  const [schoolId, file] = args.filter((a) => a !== '--leavers-ok');
  const config = loadConfig();
  const pack = loadPolicyPack(config.POLICY_DIR);
  if (!schoolId || !file || !pack.schools.some((s) => s.id === schoolId)) {
    throw new Error(`Usage: npm run pupils:import -- <school-id> <file.csv> [--leavers-ok]\nSchools: ${pack.schools.map((s) => s.id).join(', ')}`);
  }
  // The size is checked before the file is read, so a wrong file (a whole database export) is refused cheaply.
  const size = statSync(file).size;
  if (size > PUPIL_IMPORT_LIMITS.bytes) throw new Error(`${file} is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${PUPIL_IMPORT_LIMITS.bytes / 1024 / 1024} MB is accepted. Nothing was imported.`);
  const rows = parsePupilsCsv(readFileSync(file, 'utf8'), systemClock.now().toISOString().slice(0, 10));
  const store = await openStore(config);
  try {
    const deps = { store, pack, clock: systemClock, ids: randomIds };
    const r = await importPupils(deps, schoolId, rows, { leaversOk });
    await recordAudit(deps, {
      schoolId,
      actor: SYSTEM_ACTOR,
      action: 'pupils.import',
      outcome: 'ok',
      detail: `rows=${rows.length} added=${r.added} updated=${r.updated} unchanged=${r.unchanged} left=${r.left} returned=${r.returned}`,
    });
    process.stdout.write(
      `Imported ${plural(rows.length, 'pupil', 'pupils')}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.left} marked as leavers, ${r.returned} back from leaving.\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  const e = error as { fieldErrors?: Record<string, string>; userMessage?: string; code?: string; message: string };
  if (e.code === 'ENOENT') process.stderr.write(`There is no file at ${process.argv[3]}. Nothing was imported.\n`);
  else if (e.fieldErrors) process.stderr.write(`${e.userMessage ?? 'The file needs another look.'}\n${Object.values(e.fieldErrors).join('\n')}\n`);
  else process.stderr.write(`${e.userMessage ?? e.message}\n`);
  process.exit(1);
});
