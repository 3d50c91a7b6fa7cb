/**
 * The in-memory image of the store: collection → school → id → record.
 */

/** One stored document. Never mutated once built, so a list of records is a consistent snapshot. */
/** A record whose parsed `doc` is made the first time a query needs it (most documents never are). */
export function lazyRecord(fields: Omit<DocRecord, 'doc'>): DocRecord {
  let parsed: Record<string, unknown> | undefined;
  return {
    ...fields,
    get doc() {
      parsed ??= JSON.parse(fields.json) as Record<string, unknown>;
      return parsed;
    },
  };
}

export interface DocRecord {
  readonly collection: string;
  readonly schoolId: string;
  readonly id: string;
  readonly etag: string;
  /** Parsed from `json`; only ever read internally (filters, sorting), never handed out. */
  readonly doc: Readonly<Record<string, unknown>>;
  /** The document exactly as persisted, without `_etag`. */
  readonly json: string;
}

type Partition = Map<string, DocRecord>;

/** Documents grouped by partition so that a school-scoped query only touches that school. */
export class DocTable {
  private readonly collections = new Map<string, Map<string, Partition>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(collection: string, schoolId: string, id: string): DocRecord | undefined {
    return this.collections.get(collection)?.get(schoolId)?.get(id);
  }

  put(rec: DocRecord): void {
    let schools = this.collections.get(rec.collection);
    if (!schools) this.collections.set(rec.collection, (schools = new Map()));
    let partition = schools.get(rec.schoolId);
    if (!partition) schools.set(rec.schoolId, (partition = new Map()));
    if (!partition.has(rec.id)) this.count++;
    partition.set(rec.id, rec);
  }

  delete(collection: string, schoolId: string, id: string): boolean {
    const schools = this.collections.get(collection);
    const partition = schools?.get(schoolId);
    if (!schools || !partition || !partition.delete(id)) return false;
    this.count--;
    if (partition.size === 0) schools.delete(schoolId);
    return true;
  }

  /** Records of one collection, in one school or (schoolId undefined) across all schools. */
  scan(collection: string, schoolId: string | undefined): Iterable<DocRecord> {
    const schools = this.collections.get(collection);
    if (!schools) return [];
    // One partition: its own iterator, without a generator around it (a digest scans thousands).
    if (schoolId !== undefined) return schools.get(schoolId)?.values() ?? [];
    return (function* all() {
      for (const partition of schools.values()) yield* partition.values();
    })();
  }

  /** Every record, for a snapshot. */
  all(): DocRecord[] {
    const out: DocRecord[] = [];
    for (const schools of this.collections.values()) {
      for (const partition of schools.values()) for (const rec of partition.values()) out.push(rec);
    }
    return out;
  }
}
