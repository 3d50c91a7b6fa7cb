/** A small fictional register for tests, loaded through the real import (as `npm run pupils:import` does). */
import type { CoreDeps } from '../../src/core/deps';
import { importPupils } from '../../src/core/pupils/import-pupils';
import { parsePupilsCsv } from '../../src/core/pupils/parse-pupils-csv';
import { pupilIdFor } from '../../src/core/pupils/pupil-record';

export const REGISTER_CSV = [
  'UPN,First name,Last name,Year,Reg',
  'A123456789012,Sam,Carter,5,5C',
  'A123456789013,Priya,Shah,5,5C',
  'A123456789014,Tom,Okafor,6,6R',
  'A123456789015,Lily,Carter,6,6R',
].join('\n');

/** Register ids of the pupils above. */
export const SAM = pupilIdFor({ upn: 'A123456789012' });
export const PRIYA = pupilIdFor({ upn: 'A123456789013' });
export const TOM = pupilIdFor({ upn: 'A123456789014' });
export const LILY = pupilIdFor({ upn: 'A123456789015' });

/** Imports `csv` (default the four pupils above) into `schoolId`'s register. */
export async function seedRegister(deps: CoreDeps, schoolId = 'oakfield-primary', csv = REGISTER_CSV, options: { leaversOk?: boolean } = {}): Promise<void> {
  await importPupils(deps, schoolId, parsePupilsCsv(csv, '2026-11-23'), options);
}
