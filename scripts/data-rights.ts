/**
 * Data protection requests, run by the school's data protection lead (or IT on their behalf) against
 * the configured store. On the embedded store, stop the bot first (the store allows one process).
 *
 *   npm run data -- export    --school <id> --person "<name, email or teams:/slack: id>" --operator "<your name>" [--out file.json]
 *   npm run data -- erase     --school <id> --person "<…>" --operator "<your name>" [--confirm]
 *   npm run data -- retention --operator "<your name>" [--dry-run]
 *
 * `export` writes everything held about the person to a JSON file only you can read (mode 600).
 * `erase` shows what it would delete; with --confirm it deletes it. Every run is audited.
 */
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/app/config';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { openStore } from '../src/app/open-store';
import type { CoreDeps } from '../src/core/deps';
import { applyRetention } from '../src/core/retention/apply-retention';
import { erasePerson } from '../src/core/rights/erase-person';
import { exportPersonData } from '../src/core/rights/subject-access';
import { systemClock } from '../src/ports/clock';
import { randomIds } from '../src/ports/ids';

const USAGE = `Usage:
  npm run data -- export    --school <id> --person "<name, email or chat id>" --operator "<your name>" [--out file.json]
  npm run data -- erase     --school <id> --person "<name, email or chat id>" --operator "<your name>" [--confirm]
  npm run data -- retention --operator "<your name>" [--dry-run]`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { school: { type: 'string' }, person: { type: 'string' }, operator: { type: 'string' }, out: { type: 'string' }, confirm: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  const command = positionals[0];
  const config = loadConfig();
  const pack = loadPolicyPack(config.POLICY_DIR);
  const schools = pack.schools.map((s) => s.id).join(', ');
  if (!command || !['export', 'erase', 'retention'].includes(command) || !values.operator) throw new Error(USAGE);
  if (command !== 'retention' && (!values.person || !values.school || !pack.schools.some((s) => s.id === values.school))) {
    throw new Error(`${USAGE}\nSchools: ${schools}`);
  }
  const store = await openStore(config);
  try {
    const deps: CoreDeps = { store, pack, clock: systemClock, ids: randomIds };
    const school = values.school as string;
    const person = values.person as string;
    if (command === 'export') {
      const result = await exportPersonData(deps, school, person, values.operator);
      const out = values.out ?? `subject-access-${school}-${systemClock.now().toISOString().slice(0, 10)}.json`;
      // An existing file keeps its mode when written over: make it owner-only before anything goes in.
      if (existsSync(out)) chmodSync(out, 0o600);
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
      const ownerOnly = (statSync(out).mode & 0o077) === 0;
      const found = Object.entries(result.counts).map(([k, n]) => `${k} ${n}`).join(', ');
      process.stdout.write(`Written to ${out} (${ownerOnly ? 'readable by you only' : 'WARNING: other accounts on this machine can read it; check its permissions'}): ${found}.\nRead the notes at the top before disclosing anything.\n`);
    } else if (command === 'erase') {
      const result = await erasePerson(deps, school, person, values.operator, { confirm: values.confirm === true });
      const lines = [
        result.confirmed ? 'Erased:' : 'Would erase (run again with --confirm to do it):',
        ...Object.entries(result.erased).map(([k, n]) => `  ${k}: ${n}`),
        'Kept:',
        ...result.kept.map((k) => `  ${k.what}: ${k.count} (${k.why})`),
        ...result.warnings.map((w) => `Note: ${w}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } else {
      const dryRun = values['dry-run'] === true;
      const result = await applyRetention(deps, systemClock.now(), { dryRun });
      const lines = Object.entries(result).map(([schoolId, counts]) => {
        const found = Object.entries(counts).filter(([, n]) => n > 0);
        const name = pack.schools.find((s) => s.id === schoolId)?.name ?? schoolId;
        return `${name}: ${found.length ? found.map(([type, n]) => `${type} ${n}`).join(', ') : 'nothing past its retention period'}`;
      });
      process.stdout.write(`${dryRun ? 'Would delete (run again without --dry-run to do it):' : 'Deleted, and recorded in the audit trail:'}\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    }
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
