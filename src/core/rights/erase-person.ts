/**
 * Erasure on request, for the records a school may delete: the person's AUP register entry and
 * signatures, their unsent or abandoned report drafts, where the bot can reach them in chat, and
 * messages addressed to them that are not about an incident. Incident records and the audit trail are
 * never erased here: they are safeguarding records the school must keep, and go only under the
 * retention rules. Without `confirm` nothing is deleted and the plan is returned. Always audited.
 */
import type { CoreDeps } from '../deps';
import type { Collection } from '../../ports/document-store';
import { recordAudit } from '../audit/audit-log';
import { NotFoundError } from '../errors';
import { findSchool } from '../people/resolve-school';
import { findPerson } from './find-person';
import { collectPersonRecords } from './person-records';

/** What an erasure did (or, unconfirmed, would do), what it kept and why, and what the operator should still do. */
export interface ErasureResult {
  confirmed: boolean;
  /** What was (or, unconfirmed, would be) deleted, by record type. */
  erased: Record<string, number>;
  /** What stays, and why. */
  kept: Array<{ what: string; count: number; why: string }>;
  warnings: string[];
}

const KEPT_INCIDENTS = "safeguarding records: kept as the school's retention rules say, never erased on request";
const KEPT_AUDIT = 'the audit trail of who did what: kept as the retention rules say';

/** Erases what a school may delete about a person on request (see the file's comment); with `confirm: false` only plans it. Audited. */
export async function erasePerson(deps: CoreDeps, schoolId: string, asked: string, operator: string, options: { confirm: boolean }): Promise<ErasureResult> {
  const school = findSchool(deps.pack, schoolId);
  if (!school) throw new NotFoundError('school');
  const who = await findPerson(deps, school, asked);
  const records = await collectPersonRecords(deps, school.id, who);
  // A draft that became an incident is part of that incident's story only through the incident, so it can go.
  const messages = records.messages.filter((m) => !m.incidentId);
  const plan: Array<{ collection: Collection; label: string; ids: string[] }> = [
    { collection: 'people', label: 'register', ids: records.register.map((p) => p.id) },
    { collection: 'signatures', label: 'signatures', ids: records.signatures.map((s) => s.id) },
    { collection: 'wizards', label: 'drafts', ids: records.drafts.map((w) => w.id) },
    { collection: 'conversations', label: 'conversations', ids: records.conversations.map((c) => c.id) },
    { collection: 'outbox', label: 'messages', ids: messages.map((m) => m.id) },
    { collection: 'sent', label: 'delivery-records', ids: messages.map((m) => m.id) },
  ];
  const erased: Record<string, number> = {};
  for (const step of plan) {
    let count = 0;
    for (const id of step.ids) {
      if (!options.confirm || (await deps.store.delete(step.collection, school.id, id))) count++;
    }
    erased[step.label] = count;
  }
  const warnings: string[] = [];
  if (who.packRoles.length) warnings.push(`policy/pack.yaml still names them (${who.packRoles.join(', ')}): remove them there, or they will be told of concerns again.`);
  if (records.register.some((p) => p.status === 'active')) warnings.push('They were still active on the AUP register: if they use the bot again they will be added again.');
  const total = Object.values(erased).reduce((a, b) => a + b, 0);
  if (!total && !records.incidents.length) warnings.push(`Nothing was found for "${asked}". Check the spelling, or try their email or chat id.`);
  await recordAudit(deps, {
    schoolId: school.id,
    actor: { platform: 'system', userId: 'system', name: `Data protection: ${operator}` },
    action: options.confirm ? 'data.erased' : 'data.erasure-planned',
    outcome: 'ok',
    detail: `register ids ${[...who.personIds].join(' ') || 'none'}; ${Object.entries(erased)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; incidents kept ${records.incidents.length}`,
  });
  return {
    confirmed: options.confirm,
    erased,
    kept: [
      { what: 'incidents', count: records.incidents.length, why: KEPT_INCIDENTS },
      { what: 'audit events', count: records.audit.length, why: KEPT_AUDIT },
      { what: 'messages about incidents', count: records.messages.length - messages.length, why: "part of an incident's delivery record; goes with the incident" },
      { what: 'evidence they added', count: records.evidence.length, why: 'part of a safeguarding record; goes with its incident' },
      { what: 'filtering log entries', count: records.filtering.length, why: 'the filtering change log the school must keep: who asked, who approved, why' },
      { what: 'filtering reviews', count: records.reviews.length, why: "the school's record of its annual filtering and monitoring review" },
      { what: 'transfers', count: records.transfers.length, why: "a child's file handed on: kept as the retention rules say" },
      { what: 'monitoring alerts triaged', count: records.alerts.length, why: 'the triage record of a monitoring alert: kept with the alerts' },
    ],
    warnings,
  };
}
