/**
 * Data protection requests and the embedded store's upkeep, run by the school's data protection lead
 * (or IT on their behalf) against the configured store. These may run while the bot is running
 * (SQLite shares the file safely), except `repair`, which needs the bot stopped.
 *
 *   npm run data -- export    --school <id> --person "<name, email or teams:/slack: id>" --operator "<your name>" [--out file.json]
 *   npm run data -- export    --school <id> --pupil "<UPN, MIS id or full name>" --operator "<your name>" [--out file.json]
 *   npm run data -- erase     --school <id> --person "<…>" --operator "<your name>" [--confirm]
 *   npm run data -- retention --operator "<your name>" [--dry-run]
 *   npm run data -- backup    <file> [--operator "<your name>"]
 *   npm run data -- repair    [--backup <file>] [--operator "<your name>"]
 *
 * `export` writes everything held about the person to a JSON file only you can read (mode 600).
 * `erase` shows what it would delete; with --confirm it deletes it. `backup` copies the embedded store
 * while the bot runs, into a new owner-only file, and checks the copy. `repair` rebuilds a damaged
 * embedded store from what can still be read, filling gaps from a backup (docs/embedded-store.md).
 * Every run is audited.
 */
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { recordAudit } from '../src/core/audit/audit-log';
import { loadConfig } from '../src/app/config';
import { loadPolicyPack } from '../src/app/load-policy-pack';
import { openStore } from '../src/app/open-store';
import type { CoreDeps } from '../src/core/deps';
import { applyRetention } from '../src/core/retention/apply-retention';
import { erasePerson } from '../src/core/rights/erase-person';
import { exportPupilData } from '../src/core/rights/pupil-access';
import { exportPersonData } from '../src/core/rights/subject-access';
import { systemClock } from '../src/ports/clock';
import { randomIds } from '../src/ports/ids';

const USAGE = `Usage:
  npm run data -- export    --school <id> --person "<name, email or chat id>" | --pupil "<UPN, MIS id or full name>" --operator "<your name>" [--out file.json]
  npm run data -- erase     --school <id> --person "<name, email or chat id>" --operator "<your name>" [--confirm]
  npm run data -- retention --operator "<your name>" [--dry-run]
  npm run data -- backup    <file> [--operator "<your name>"]
  npm run data -- repair    [--backup <file>] [--operator "<your name>"]   (with the bot stopped)`;

const counted = (documents: Record<string, number>) =>
  Object.entries(documents)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'no documents';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      school: { type: 'string' },
      person: { type: 'string' },
      pupil: { type: 'string' },
      operator: { type: 'string' },
      out: { type: 'string' },
      backup: { type: 'string' },
      confirm: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const command = positionals[0];
  const config = loadConfig();
  const pack = loadPolicyPack(config.POLICY_DIR);
  const schools = pack.schools.map((s) => s.id).join(', ');
  if (command === 'backup' || command === 'repair') {
    if (config.STORE !== 'embedded') throw new Error(`${command} is for the embedded store; Cosmos DB keeps its own continuous backups (point-in-time restore; see docs/deploy-azure.md)`);
    const operator = values.operator ?? userInfo().username;
    if (command === 'backup') {
      const target = positionals[1];
      if (!target) throw new Error(USAGE);
      // Loaded only here: node:sqlite on this thread (the store itself keeps it in worker threads).
      const { backupEmbeddedStore } = await import('../src/adapters/embedded/backup');
      const report = await backupEmbeddedStore(config.DATA_DIR, target);
      process.stdout.write(`Backup written to ${report.file} (${Math.round(report.bytes / 1024)} KiB, readable by you only), checked: ${counted(report.documents)}.\n`);
    } else {
      const { repairEmbeddedStore } = await import('../src/adapters/embedded/repair');
      const report = repairEmbeddedStore(config.DATA_DIR, values.backup);
      const lines = Object.entries(report.collections)
        .filter(([, c]) => c.salvaged + c.fromBackup > 0 || c.damaged)
        .map(
          ([k, c]) =>
            `  ${k}: ${c.salvaged} read from the damaged file${values.backup ? `, ${c.fromBackup} taken from the backup` : ''}${c.damaged ? ' (part of it was on damaged pages and could not be read)' : ''}`,
        );
      const lost = Object.values(report.collections).some((c) => c.damaged);
      process.stdout.write(
        `Repaired. The damaged file is kept at ${report.damagedCopy}.\n${lines.join('\n')}\nThe repaired store holds: ${counted(report.documents)}.\n` +
          (lost && !values.backup ? 'Some rows could not be read: run again with --backup <your last backup> to fill them in.\n' : ''),
      );
    }
    const store = await openStore(config);
    try {
      for (const school of pack.schools) {
        await recordAudit(
          { store, clock: systemClock, ids: randomIds },
          { schoolId: school.id, actor: { platform: 'system', userId: 'system', name: `Data protection: ${operator}` }, action: `store.${command}`, outcome: 'ok' },
        );
      }
    } finally {
      await store.close();
    }
    return;
  }
  if (!command || !['export', 'erase', 'retention'].includes(command) || !values.operator) throw new Error(USAGE);
  if (values.pupil && command === 'erase') {
    throw new Error(
      "A child's safeguarding records are not erased on request: they are kept for the school's retention period (npm run data -- retention). A leaver's register entry goes when the retention rule for leavers says.",
    );
  }
  if (command !== 'retention' && ((!values.person && !values.pupil) || !values.school || !pack.schools.some((s) => s.id === values.school))) {
    throw new Error(`${USAGE}\nSchools: ${schools}`);
  }
  const store = await openStore(config);
  try {
    const deps: CoreDeps = { store, pack, clock: systemClock, ids: randomIds };
    const school = values.school as string;
    const person = values.person as string;
    if (command === 'export') {
      const result = values.pupil ? await exportPupilData(deps, school, values.pupil, values.operator) : await exportPersonData(deps, school, person, values.operator);
      const out = values.out ?? `subject-access-${school}-${systemClock.now().toISOString().slice(0, 10)}.json`;
      // An existing file keeps its mode when written over: make it owner-only before anything goes in.
      if (existsSync(out)) chmodSync(out, 0o600);
      writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
      const ownerOnly = (statSync(out).mode & 0o077) === 0;
      const found = Object.entries(result.counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      process.stdout.write(
        `Written to ${out} (${ownerOnly ? 'readable by you only' : 'WARNING: other accounts on this machine can read it; check its permissions'}): ${found}.\nRead the notes at the top before disclosing anything.\n`,
      );
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
