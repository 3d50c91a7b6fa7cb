/**
 * Child process for the "no acknowledged incident is ever lost" test: submits reports through the core
 * use cases as fast as it can on an embedded store, printing each incident only after the submission
 * returned (the moment a receipt would be shown). Run:
 * node -r ts-node/register/transpile-only report-writer.ts <dataDir>
 */
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { loadPolicyPack } from '../../src/app/load-policy-pack';
import { systemClock } from '../../src/ports/clock';
import { randomIds } from '../../src/ports/ids';
import { walkReport } from '../builders/walk-wizard';

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: report-writer <dataDir>');
  // A small threshold so that compactions happen while we are killed.
  const store = await createEmbeddedStore({ dataDir, compactAfterBytes: 256 * 1024 });
  const deps = { store, pack: loadPolicyPack('policy'), clock: systemClock, ids: randomIds };
  process.stdout.write('ready\n');
  const worker = async () => {
    for (;;) {
      const { outcome } = await walkReport(deps, 'grooming-inappropriate-contact');
      if (outcome.kind === 'submitted') process.stdout.write(`${outcome.incident.schoolId} ${outcome.incident.id} ${outcome.incident.reference}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
