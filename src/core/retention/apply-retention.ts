/**
 * Applies the pack's retention rules: deletes, school by school, the records past their period, in
 * batches, and writes one audit event per school and record type saying how many went (ids only in the
 * log, never content). A dry run counts without deleting. Safe to run on several instances at once
 * (a second delete of the same record is a no-op) and to stop part-way (the next run carries on).
 */
import type { CoreDeps } from '../deps';
import type { Collection, Condition, Doc } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { isOpen, type Incident, SYSTEM_ACTOR } from '../incidents/incident';
import type { OutboxMessage } from '../delivery/outbox';
import type { Person } from '../people/person-record';
import type { RetentionRules } from '../policy/schema';
import { cutoffFor } from './retention-period';
import { chatAddressesOf } from '../people/chat-addresses';

/** The kinds of record retention rules cover. */
export type RecordType = keyof RetentionRules;
/** How many records of each kind a run deleted (or, in a dry run, would delete). */
export type RetentionCounts = Record<RecordType, number>;

const BATCH = 200;

interface Sweep {
  collection: Collection;
  where: (cutoff: string) => Condition[];
  /** Whether a matching record may go now (and what else goes with it). */
  also?: (deps: CoreDeps, doc: Doc) => Promise<{ skip: boolean; alongside?: Array<{ collection: Collection; ids: string[]; fileKeys?: string[] }> }>;
}

const SWEEPS: Record<RecordType, Sweep> = {
  'wizard-drafts': { collection: 'wizards', where: (c) => [{ field: 'updatedAt', op: '<', value: c }] },
  'closed-incidents': {
    collection: 'incidents',
    where: (c) => [
      { field: 'status', op: '=', value: 'closed' },
      { field: 'closedAt', op: '<', value: c },
    ],
    // The incident's links to pupils go with it (removed ones too): a link never outlives its incident.
    also: async (deps, doc) => {
      const links = await deps.store.query('links', { schoolId: doc.schoolId, where: [{ field: 'incidentId', op: '=', value: doc.id }] });
      // Its evidence goes too: each file from the file store, then its record (and any open link to one).
      const evidence = await deps.store.query('evidence', { schoolId: doc.schoolId, where: [{ field: 'incidentId', op: '=', value: doc.id }] });
      const openLinks = await deps.store.query('evidence', { schoolId: doc.schoolId, where: [{ field: 'linkIncidentId', op: '=', value: doc.id }] });
      return {
        skip: false,
        alongside: [
          { collection: 'links', ids: links.map((l) => l.id) },
          { collection: 'evidence', ids: [...openLinks, ...evidence].map((e) => e.id), fileKeys: evidence.map((e) => String(e.storageKey)) },
        ],
      };
    },
  },
  audit: { collection: 'audit', where: (c) => [{ field: 'at', op: '<', value: c }] },
  'delivered-messages': {
    collection: 'outbox',
    where: (c) => [
      { field: 'status', op: '=', value: 'sent' },
      { field: 'sentAt', op: '<', value: c },
    ],
    // A card for an open incident is still updated in place, so its delivery record stays until it closes.
    also: async (deps, doc) => {
      const message = doc as OutboxMessage;
      if (message.incidentId) {
        const incident = await deps.store.get<Incident>('incidents', message.schoolId, message.incidentId);
        if (incident && isOpen(incident)) return { skip: true };
      }
      return { skip: false, alongside: [{ collection: 'sent', ids: [message.id] }] };
    },
  },
  leavers: {
    collection: 'people',
    where: (c) => [
      { field: 'status', op: '=', value: 'left' },
      { field: 'leftAt', op: '<', value: c },
    ],
    // Their signatures go with them, and where the bot could reach them in chat.
    also: async (deps, doc) => {
      const person = doc as Person;
      const signatures = await deps.store.query('signatures', { schoolId: person.schoolId, where: [{ field: 'personId', op: '=', value: person.id }] });
      const conversations = await chatAddressesOf(deps.store, person.schoolId, person.userId ? [person.userId] : []);
      return {
        skip: false,
        alongside: [
          { collection: 'signatures', ids: signatures.map((s) => s.id) },
          { collection: 'conversations', ids: conversations.map((c) => c.id) },
        ],
      };
    },
  },
  // Only pupils an import marked as left; a current pupil has no `leftAt` and is never swept.
  'pupil-leavers': {
    collection: 'pupils',
    where: (c) => [
      { field: 'status', op: '=', value: 'left' },
      { field: 'leftAt', op: '<', value: c },
    ],
    // A leaver named by an incident still kept stays on the register, so its record can still say who it was about.
    also: async (deps, doc) => ({ skip: (await deps.store.count('links', { schoolId: doc.schoolId, where: [{ field: 'pupilId', op: '=', value: doc.id }] })) > 0 }),
  },
  // A transfer still waiting for the new school's receipt is never swept: its reminders depend on it.
  transfers: {
    collection: 'transfers',
    where: (c) => [
      { field: 'status', op: '=', value: 'received' },
      { field: 'receipt.recordedAt', op: '<', value: c },
    ],
  },
  // The yearly reviews, from the day each took place (a YYYY-MM-DD date sorts before the cutoff's instant
  // on the same day). The school's latest review is never swept: the next one's due date, its reminders
  // and the governors' report are worked out from it.
  reviews: {
    collection: 'reviews',
    where: (c) => [{ field: 'date', op: '<', value: c }],
    also: async (deps, doc) => {
      const [latest] = await deps.store.query('reviews', { schoolId: doc.schoolId, orderBy: { field: 'date', direction: 'desc' }, limit: 1 });
      return { skip: latest?.id === doc.id };
    },
  },
};

/** Every kind of record retention covers, in the order a run sweeps them. */
export const RECORD_TYPES = Object.keys(SWEEPS) as RecordType[];

async function sweep(deps: CoreDeps, schoolId: string, type: RecordType, cutoff: Date, dryRun: boolean): Promise<number> {
  const { collection, where, also } = SWEEPS[type];
  const query = { schoolId, where: where(cutoff.toISOString()) };
  if (dryRun && !also) return deps.store.count(collection, query);
  let removed = 0;
  // Records kept back (or only counted, in a dry run) are remembered, so each pass sees new ones.
  const passedOver = new Set<string>();
  for (;;) {
    const page = await deps.store.query(collection, { ...query, limit: BATCH + passedOver.size });
    const fresh = page.filter((d) => !passedOver.has(d.id));
    if (!fresh.length) return removed;
    for (const doc of fresh) {
      const extra = also ? await also(deps, doc) : { skip: false };
      if (extra.skip || dryRun) {
        passedOver.add(doc.id);
        if (!extra.skip) removed++;
        continue;
      }
      for (const { collection: other, ids, fileKeys } of extra.alongside ?? []) {
        for (const key of fileKeys ?? []) await deps.files?.delete(key);
        for (const id of ids) await deps.store.delete(other, schoolId, id);
      }
      // The record itself goes last, so a run stopped part-way finds it again and finishes the job.
      if (await deps.store.delete(collection, schoolId, doc.id)) removed++;
    }
  }
}

/** Deletes, school by school, what the pack's retention rules say is past its period (counts only, with `dryRun`); returns the counts by school. */
export async function applyRetention(deps: CoreDeps, now: Date, options: { dryRun?: boolean } = {}): Promise<Record<string, RetentionCounts>> {
  const bySchool: Record<string, RetentionCounts> = {};
  for (const school of deps.pack.schools) {
    const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as RetentionCounts;
    for (const type of RECORD_TYPES) {
      const cutoff = cutoffFor(deps.pack.retention[type], now);
      if (!cutoff) continue;
      counts[type] = await sweep(deps, school.id, type, cutoff, options.dryRun ?? false);
      if (counts[type] && !options.dryRun) {
        await recordAudit(deps, { schoolId: school.id, actor: SYSTEM_ACTOR, action: 'retention.deleted', outcome: 'ok', detail: `${type}: ${counts[type]} past "${deps.pack.retention[type]}"` });
      }
    }
    bySchool[school.id] = counts;
  }
  return bySchool;
}
