/**
 * The demo's register: when the bot starts locally on the demo pack, a school with no pupils at all gets
 * the small fictional register in `policy/demo-pupils.csv` (invented names, no real children), through
 * the same checked import as `npm run pupils:import`, so the report's pupil search and a child's file
 * can be tried in the Playground. A school that has ever had pupils imported is left alone.
 */
import type { CoreDeps } from '../deps';
import { importPupils } from './import-pupils';
import { parsePupilsCsv } from './parse-pupils-csv';

/** Loads `csv` into `schoolId`'s register if it has no pupils, current or left; resolves to how many were added (0 when left alone). */
export async function seedDemoPupils(deps: CoreDeps, schoolId: string, csv: string): Promise<number> {
  if ((await deps.store.count('pupils', { schoolId })) > 0) return 0;
  const rows = parsePupilsCsv(csv, deps.clock.now().toISOString().slice(0, 10));
  return (await importPupils(deps, schoolId, rows)).added;
}
