/**
 * The trust the digest figures are measured on: 50 copies of the shipped pack's first school and
 * 100,000 incidents spread over the year before `DIGEST_NOW` (a Monday, 08:00, when the weekly digest
 * is due), anything older than 30 days closed, as a school's would be. Generated from a fixed seed, so
 * a figure can be reproduced. Written through the store's own API (`create`, in batches of drafts).
 */
import { generateIncident, seeded } from '../test/builders/incident-fixtures';
import type { PolicyPack } from '../src/core/policy/schema';
import type { DocumentStore } from '../src/ports/document-store';

export const INCIDENTS = 100_000;
export const SCHOOLS = 50;
export const DIGEST_NOW = new Date('2026-11-23T08:00:00Z');
/** Drafts in flight at once while seeding: large batches share commits without holding 100,000 promises. */
const BATCH = 2_000;

/** The shipped pack with `schools` copies of its first school (ids `school-1` …). */
export function benchPack(shipped: PolicyPack, schools = SCHOOLS): PolicyPack {
  const template = shipped.schools[0]!;
  return { ...shipped, schools: Array.from({ length: schools }, (_, i) => ({ ...template, id: `school-${i + 1}`, name: `School ${i + 1}` })) };
}

/** Writes `count` incidents across the pack's schools, round robin; resolves once every write has. */
export async function seedIncidents(store: DocumentStore, pack: PolicyPack, count = INCIDENTS, now = DIGEST_NOW): Promise<void> {
  const random = seeded(11);
  for (let start = 0; start < count; start += BATCH) {
    const writes: Array<Promise<unknown>> = [];
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      const school = pack.schools[n % pack.schools.length]!;
      const incident = generateIncident(pack, school.id, n, new Date(now.getTime() - Math.floor(random() * 365 * 86_400_000)), random);
      const old = Date.parse(incident.reportedAt) < now.getTime() - 30 * 86_400_000;
      writes.push(store.create('incidents', old ? { ...incident, status: 'closed', closedAt: incident.closedAt ?? incident.reportedAt } : incident, { durability: 'draft' }));
    }
    await Promise.all(writes);
  }
}
