/**
 * Retention: each record type goes when the pack's rule says, and not before; `keep` keeps; a card
 * for an open incident keeps its delivery record; leavers take their signatures with them; every
 * deletion is counted in the audit trail; a dry run deletes nothing; a second run finds nothing.
 */
import type { Signature } from '../../src/core/aup/aup-records';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { RECORD_TYPES, applyRetention } from '../../src/core/retention/apply-retention';
import { cutoffFor } from '../../src/core/retention/retention-period';
import { recordAudit } from '../../src/core/audit/audit-log';
import { enqueue } from '../../src/core/delivery/outbox';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { markLeft, notePerson } from '../../src/core/aup/register-people';
import { readAupStatus, signAup } from '../../src/core/aup/sign-aup';
import { startReport } from '../../src/core/incidents/report-wizard';
import { PackManifest, type RetentionRules } from '../../src/core/policy/schema';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Actor } from '../../src/core/people/actor';
import type { CoreDeps } from '../../src/core/deps';
import { tempDeps } from '../builders/temp-store';

const NOW = new Date('2026-11-23T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const dsl: Actor = { platform: 'teams', userId: 'x', name: 'Alex Wilber', email: 'alexw@example.com' };
const SCHOOL = 'oakfield-primary';

let env: Awaited<ReturnType<typeof tempDeps>>;
afterEach(async () => {
  await env?.cleanup();
});

function withRules(deps: CoreDeps, rules: Partial<RetentionRules>): CoreDeps {
  return { ...deps, pack: { ...deps.pack, retention: { ...deps.pack.retention, ...rules } } };
}

let made = 0;
/** An incident reported at `when` (closed at `close`), its audit event and its escalation message. */
async function reportAt(when: Date, close?: Date) {
  made++;
  const generated = generateIncident(env.deps.pack, SCHOOL, made, when, seeded(made));
  const incident = { ...generated, status: close ? ('closed' as const) : ('in-progress' as const), closedAt: close?.toISOString() };
  await env.deps.store.create('incidents', incident);
  env.clock.set(when);
  await recordAudit(env.deps, { schoolId: SCHOOL, actor: dsl, action: 'incident.reported', outcome: 'ok', incidentId: incident.id });
  await enqueue(env.deps.store, { id: `escalation:${incident.id}`, schoolId: SCHOOL, message: 'dsl-escalation', to: { kind: 'dsl-channel' }, incidentId: incident.id }, when);
  return incident;
}

/** Marks every queued message as delivered at `when` (as the outbox would). */
async function deliverAll(when: Date): Promise<void> {
  for (const m of await env.deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL })) {
    const { _etag, ...doc } = m;
    if (doc.status !== 'sent') await env.deps.store.replace('outbox', { ...doc, status: 'sent', sentAt: when.toISOString() }, _etag);
    await env.deps.store.upsert('sent', { id: doc.id, schoolId: SCHOOL, posts: [{ key: 'k', activityId: 'a' }] });
  }
}

async function ids(collection: 'wizards' | 'incidents' | 'people' | 'signatures' | 'outbox' | 'sent' | 'audit'): Promise<string[]> {
  return (await env.deps.store.query(collection, { schoolId: SCHOOL })).map((d) => d.id).sort();
}

it('reads periods as calendar days, months and years, and keep as never', () => {
  expect(cutoffFor('keep', NOW)).toBeUndefined();
  expect(cutoffFor('30 days', NOW)?.toISOString()).toBe('2026-10-24T10:00:00.000Z');
  expect(cutoffFor('6 months', NOW)?.toISOString()).toBe('2026-05-23T10:00:00.000Z');
  expect(cutoffFor('25 years', NOW)?.toISOString()).toBe('2001-11-23T10:00:00.000Z');
});

it("never cuts off before a period ends at a month's end: the day is clamped to the shorter month", () => {
  const at = (iso: string) => new Date(iso);
  // 31 August less six months is the last day of February, not "31 February" rolled on to 3 March.
  expect(cutoffFor('6 months', at('2026-08-31T10:00:00Z'))?.toISOString()).toBe('2026-02-28T10:00:00.000Z');
  expect(cutoffFor('6 months', at('2028-08-31T10:00:00Z'))?.toISOString()).toBe('2028-02-29T10:00:00.000Z');
  expect(cutoffFor('1 month', at('2026-03-31T10:00:00Z'))?.toISOString()).toBe('2026-02-28T10:00:00.000Z');
  expect(cutoffFor('1 month', at('2028-03-31T10:00:00Z'))?.toISOString()).toBe('2028-02-29T10:00:00.000Z');
  expect(cutoffFor('1 month', at('2026-05-31T10:00:00Z'))?.toISOString()).toBe('2026-04-30T10:00:00.000Z');
  expect(cutoffFor('13 months', at('2027-01-31T10:00:00Z'))?.toISOString()).toBe('2025-12-31T10:00:00.000Z');
  // Years from a leap day land on 28 February.
  expect(cutoffFor('1 year', at('2028-02-29T10:00:00Z'))?.toISOString()).toBe('2027-02-28T10:00:00.000Z');
  expect(cutoffFor('25 years', at('2028-02-29T10:00:00Z'))?.toISOString()).toBe('2003-02-28T10:00:00.000Z');
  expect(cutoffFor('4 years', at('2028-02-29T10:00:00Z'))?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
});

it('deletes only records whose whole period is over, on every day of four years', () => {
  // A record last touched at `t` is kept for `months` calendar months: to the same day, or the month's last day.
  const periodEnd = (t: Date, months: number) => {
    const month = t.getUTCMonth() + months;
    const last = new Date(Date.UTC(t.getUTCFullYear(), month + 1, 0)).getUTCDate();
    return new Date(Date.UTC(t.getUTCFullYear(), month, Math.min(t.getUTCDate(), last), t.getUTCHours(), t.getUTCMinutes()));
  };
  const early: string[] = [];
  for (let day = Date.UTC(2026, 0, 1, 10); day < Date.UTC(2030, 0, 1); day += 86_400_000) {
    const now = new Date(day);
    for (const [rule, months] of [
      ['1 month', 1],
      ['6 months', 6],
      ['1 year', 12],
      ['25 years', 300],
    ] as const) {
      const cutoff = cutoffFor(rule, now) as Date;
      // The newest record a run deletes was touched just before the cut-off: its period must be over by now.
      const newestDeleted = new Date(cutoff.getTime() - 60_000);
      if (periodEnd(newestDeleted, months) > now) early.push(`${rule} at ${now.toISOString().slice(0, 10)}: deletes one touched ${newestDeleted.toISOString()}`);
    }
  }
  expect(early).toEqual([]);
});

it('refuses a rule it cannot read, naming the field', () => {
  const manifest = { version: '1', trust: { id: 't', name: 'T' }, schools: [{ id: 's', name: 'S', roles: {} }], retention: { audit: 'forever' } };
  const parsed = PackManifest.safeParse(manifest);
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).toMatch(/retention.*audit|audit.*retention/s);
  expect(parsed.error?.issues.find((i) => i.path.join('.') === 'retention.audit')?.message).toMatch(/keep.*30 days/);
});

it('applies the shipped rules: old drafts and old delivery records go; incidents, audit and recent records stay', async () => {
  env = await tempDeps(NOW);
  env.clock.set(daysAgo(40));
  const oldDraft = await startReport(env.deps, { platform: 'teams', userId: 't1', name: 'Sam Teacher' });
  env.clock.set(daysAgo(10));
  const newDraft = await startReport(env.deps, { platform: 'teams', userId: 't1', name: 'Sam Teacher' });
  const closedLongAgo = await reportAt(daysAgo(800), daysAgo(700));
  await deliverAll(daysAgo(700));
  const stillOpen = await reportAt(daysAgo(400));
  await deliverAll(daysAgo(400));
  env.clock.set(NOW);
  const auditBefore = (await ids('audit')).length;
  const incidentMessages = (await env.deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL })).filter((m) => m.incidentId === stillOpen.id).map((m) => m.id);
  expect(incidentMessages.length).toBeGreaterThan(0);

  const dry = await applyRetention(env.deps, NOW, { dryRun: true });
  expect(await ids('wizards')).toContain(oldDraft.ref.wizardId);
  const done = await applyRetention(env.deps, NOW);
  expect(done).toEqual(dry);

  const wizards = await ids('wizards');
  expect(wizards).not.toContain(oldDraft.ref.wizardId);
  expect(wizards).toContain(newDraft.ref.wizardId);
  expect(wizards).toHaveLength(1);
  expect(await ids('incidents')).toEqual([closedLongAgo.id, stillOpen.id].sort());
  const outbox = await ids('outbox');
  expect(outbox.sort()).toEqual([...incidentMessages].sort());
  expect(await ids('sent')).toEqual([...incidentMessages].sort());
  expect(done[SCHOOL]).toMatchObject({ 'wizard-drafts': 1, 'closed-incidents': 0, audit: 0, leavers: 0 });
  expect(done[SCHOOL]?.['delivered-messages']).toBeGreaterThan(0);

  const audit = await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL });
  expect(audit.length).toBe(auditBefore + 2);
  expect(
    audit
      .filter((a) => a.action === 'retention.deleted')
      .map((a) => a.detail)
      .sort(),
  ).toEqual([expect.stringMatching(/^delivered-messages: \d+ past "90 days"$/), 'wizard-drafts: 1 past "30 days"']);
  const again = await applyRetention(env.deps, NOW);
  expect(Object.values(again).flatMap((counts) => Object.values(counts))).toEqual(Array(Object.keys(again).length * RECORD_TYPES.length).fill(0));
});

it('deletes closed incidents and old audit events only when the school sets a period, and never an open incident', async () => {
  env = await tempDeps(NOW);
  const closedOld = await reportAt(daysAgo(900), daysAgo(800));
  const closedRecent = await reportAt(daysAgo(300), daysAgo(200));
  const openOld = await reportAt(daysAgo(1000));
  env.clock.set(NOW);
  const deps = withRules(env.deps, { 'closed-incidents': '2 years', audit: '2 years' });
  const auditOld = (await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL })).filter((a) => a.at < '2024-11-23').length;
  expect(auditOld).toBeGreaterThan(0);
  const result = await applyRetention(deps, NOW);
  expect(await ids('incidents')).toEqual([closedRecent.id, openOld.id].sort());
  expect(result[SCHOOL]).toMatchObject({ 'closed-incidents': 1, audit: auditOld });
  expect(closedOld.id).toBeDefined();
  const remaining = await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL });
  expect(remaining.filter((a) => a.at < '2024-11-23')).toEqual([]);
  expect(remaining.some((a) => a.action === 'retention.deleted')).toBe(true);
});

it('removes leavers past their period with their signatures, and keeps those still within it', async () => {
  env = await tempDeps(NOW);
  const longGone: Actor = { platform: 'teams', userId: 'gone-7y', name: 'Pat Former' };
  const recent: Actor = { platform: 'teams', userId: 'gone-1y', name: 'Lee Recent' };
  for (const [who, leftDaysAgo] of [
    [longGone, 7 * 365],
    [recent, 365],
  ] as const) {
    env.clock.set(daysAgo(leftDaysAgo + 400));
    const person = await notePerson(env.deps, { schoolId: SCHOOL, platform: 'teams', userId: who.userId, name: who.name });
    const status = await readAupStatus(env.deps, who);
    await signAup(env.deps, who, { documentId: status!.document.id, version: status!.version.version });
    env.clock.set(daysAgo(leftDaysAgo));
    await markLeft(env.deps, SCHOOL, person.id);
  }
  env.clock.set(NOW);
  for (const id of ['gone-7y', 'gone-1y']) await env.deps.store.upsert('conversations', { id: `teams:user:${id}`, schoolId: SCHOOL, platform: 'teams', reference: {} });
  const before = await env.deps.store.query<Signature>('signatures', { schoolId: SCHOOL });
  expect(before.map((s) => s.personId).sort()).toEqual(['teams:gone-1y', 'teams:gone-7y']);
  const result = await applyRetention(env.deps, NOW);
  expect(result[SCHOOL]?.leavers).toBe(1);
  expect(await ids('people')).toEqual(['teams:gone-1y']);
  expect((await env.deps.store.query('conversations', { schoolId: SCHOOL })).map((c) => c.id)).toEqual(['teams:user:gone-1y']);
  const after = await env.deps.store.query<Signature>('signatures', { schoolId: SCHOOL });
  expect(after.every((s) => s.personId === 'teams:gone-1y')).toBe(true);
  expect(after.length).toBe(before.filter((s) => s.personId === 'teams:gone-1y').length);
});

describe('retention of transfers', () => {
  it('keeps transfers by default; with a period, deletes only those whose receipt was recorded before it, never one still awaiting receipt', async () => {
    const env = await tempDeps();
    try {
      const school = env.deps.pack.schools[0]?.id as string;
      const base = { schoolId: school, pupilId: 'pupil:mis:demo1001', toSchool: 'Hillside Academy' };
      await env.deps.store.create('transfers', {
        ...base,
        id: 'transfer:old',
        status: 'received',
        receipt: { recordedAt: '2020-01-10T10:00:00.000Z', receivedOn: '2020-01-10', by: { platform: 'teams', userId: 'u', name: 'A' } },
      });
      await env.deps.store.create('transfers', {
        ...base,
        id: 'transfer:recent',
        status: 'received',
        receipt: { recordedAt: '2026-10-10T10:00:00.000Z', receivedOn: '2026-10-10', by: { platform: 'teams', userId: 'u', name: 'A' } },
      });
      await env.deps.store.create('transfers', { ...base, id: 'transfer:waiting', status: 'awaiting-receipt' });
      const now = new Date('2026-11-23T10:00:00Z');
      expect(env.deps.pack.retention.transfers).toBe('keep');
      expect((await applyRetention(env.deps, now))[school]?.transfers).toBe(0);
      const sixYears = { ...env.deps, pack: { ...env.deps.pack, retention: { ...env.deps.pack.retention, transfers: '6 years' as const } } };
      expect((await applyRetention(sixYears, now, { dryRun: true }))[school]?.transfers).toBe(1);
      expect((await applyRetention(sixYears, now))[school]?.transfers).toBe(1);
      const left = (await env.deps.store.query('transfers', { schoolId: school })).map((t) => t.id).sort();
      expect(left).toEqual(['transfer:recent', 'transfer:waiting']);
    } finally {
      await env.cleanup();
    }
  });
});
