/**
 * Bringing the register in line with an MIS export: pupils in the file are added or updated, current
 * pupils missing from it are marked as leavers (never deleted), and a leaver who is in the file again is
 * current again. The rows are checked before this is called (`parsePupilsCsv`), so a bad line has
 * already stopped the import before anything is written.
 */
import type { CoreDeps } from '../deps';
import { DomainError } from '../errors';
import type { WriteOptions } from '../../ports/document-store';
import type { PupilRow } from './parse-pupils-csv';
import { type Pupil, pupilIdFor } from './pupil-record';

/** What an import did, by number of pupils. */
export interface PupilImportResult {
  added: number;
  updated: number;
  unchanged: number;
  /** Current pupils the file no longer names, now marked as leavers. */
  left: number;
  /** Leavers the file names again, current once more (counted in `updated` too). */
  returned: number;
}

const FIELDS = ['upn', 'misId', 'forename', 'surname', 'preferredName', 'yearGroup', 'registrationGroup', 'dateOfBirth'] as const;

/** More leavers than this, and more than this share of the current pupils, needs the operator's say-so. */
const MANY_LEAVERS = { atLeast: 10, share: 0.25 };

/**
 * Applies checked rows to one school's register. An existing pupil is found by UPN or by MIS id, so a
 * pupil whose export gains a UPN keeps their record. Every write but the last is a draft, so a whole
 * import costs one disk sync on the embedded store; run with server access (`npm run pupils:import`).
 */
export async function importPupils(deps: CoreDeps, schoolId: string, rows: PupilRow[], options: { leaversOk?: boolean } = {}): Promise<PupilImportResult> {
  const now = deps.clock.now().toISOString();
  const existing = await deps.store.query<Pupil>('pupils', { schoolId });
  const byUpn = new Map(existing.filter((p) => p.upn).map((p) => [p.upn as string, p]));
  const byMisId = new Map(existing.filter((p) => p.misId).map((p) => [(p.misId as string).toLowerCase(), p]));
  const writes: Array<(options: WriteOptions) => Promise<unknown>> = [];
  const named = new Set<string>();
  const result: PupilImportResult = { added: 0, updated: 0, unchanged: 0, left: 0, returned: 0 };

  for (const row of rows) {
    const found = (row.upn && byUpn.get(row.upn)) || (row.misId && byMisId.get(row.misId.toLowerCase())) || undefined;
    const fields = Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as Pick<Pupil, (typeof FIELDS)[number]>;
    if (!found) {
      const pupil: Pupil = { id: pupilIdFor(row), schoolId, ...fields, status: 'current', importedAt: now, updatedAt: now };
      named.add(pupil.id);
      writes.push((options) => deps.store.create<Pupil>('pupils', pupil, options));
      result.added++;
      continue;
    }
    named.add(found.id);
    const returning = found.status === 'left';
    if (!returning && FIELDS.every((f) => found[f] === row[f])) {
      result.unchanged++;
      continue;
    }
    const { _etag, leftAt: _left, ...doc } = found;
    writes.push((options) => deps.store.replace<Pupil>('pupils', { ...doc, ...fields, status: 'current', updatedAt: now }, _etag, options));
    result.updated++;
    if (returning) result.returned++;
  }

  for (const pupil of existing) {
    if (named.has(pupil.id) || pupil.status === 'left') continue;
    const { _etag, ...doc } = pupil;
    writes.push((options) => deps.store.replace<Pupil>('pupils', { ...doc, status: 'left', leftAt: now, updatedAt: now }, _etag, options));
    result.left++;
  }

  // An export of one class instead of the school would make everyone else a leaver: ask before doing that.
  const current = existing.filter((p) => p.status !== 'left').length;
  if (!options.leaversOk && result.left > MANY_LEAVERS.atLeast && result.left > current * MANY_LEAVERS.share) {
    throw new DomainError(
      'too-many-leavers',
      `This export would mark ${result.left} of the ${current} current pupils as leavers. If that is right (the end of a school year, say), run it again with --leavers-ok. Nothing was imported.`,
    );
  }
  // Drafts reach disk in order and no later than the durable write after them: the last one makes all safe.
  for (const [i, write] of writes.entries()) await write({ durability: i === writes.length - 1 ? 'durable' : 'draft' });
  return result;
}
