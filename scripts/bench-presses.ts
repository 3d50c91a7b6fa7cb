/**
 * `presses` for `npm run bench`: how many presses each procedure takes from `report` to the receipt, walked
 * through core as in Teams (a short choice is one button per answer; the long "What happened?" list is pick,
 * then Next), with "A child is in danger right now" walked too. The same walker and limits as the test in
 * test/unit/report-every-procedure.test.ts. Prints one JSON line.
 */
import { tempDeps } from '../test/builders/temp-store';
import { walkReport } from '../test/builders/walk-wizard';
import { TRIAGE_DANGER } from '../src/core/wizard/wizard-engine';

async function main(): Promise<void> {
  const { deps, cleanup } = await tempDeps();
  const presses: Record<string, number> = {};
  try {
    for (const procedure of [TRIAGE_DANGER, ...deps.pack.procedures.map((p) => p.id)]) {
      const walked = await walkReport(deps, procedure, { actor: { platform: 'teams', userId: `bench-${procedure}`, name: 'Bench Teacher' } });
      if (walked.outcome.kind !== 'submitted') throw new Error(`${procedure}: ended at ${walked.outcome.kind}`);
      presses[procedure] = walked.presses;
    }
  } finally {
    await cleanup();
  }
  const { [TRIAGE_DANGER]: danger, ...rest } = presses;
  process.stdout.write(`${JSON.stringify({ danger_now: danger, max: Math.max(...Object.values(rest)), by_procedure: rest })}\n`);
}

void main();
