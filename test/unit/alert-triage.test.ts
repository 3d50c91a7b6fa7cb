import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import type { EvidenceRecord } from '../../src/core/casefile/evidence-record';
import { describeQueuedAlerts } from '../../src/core/monitoring/alert-card-view';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import { type AlertInput, alertCardId, ingestAlert } from '../../src/core/monitoring/ingest-alert';
import { triageAlert } from '../../src/core/monitoring/triage-alert';
import { queueAlertReminders } from '../../src/core/monitoring/alert-reminders-job';
import { NotPermittedError } from '../../src/core/errors';
import { tempDeps } from '../builders/temp-store';
import { LocalFileStore } from '../../src/adapters/files/local-file-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dsl: Actor = { platform: 'teams', userId: 'user-id-0', name: 'Alex Wilber' };
const deputy: Actor = { platform: 'teams', userId: 'user-id-1', name: 'Megan Bowen' };
const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };

const input = (n: number, over: Partial<AlertInput> = {}): AlertInput => ({
  schoolId: 'oakfield-primary',
  alertId: `mon-${n}`,
  category: 'self-harm',
  severity: 'medium',
  occurredAt: '2026-11-23T09:59:00.000Z',
  reference: `LAPTOP-${n}`,
  ...over,
});

async function setup(start?: Date) {
  const t = await tempDeps(start);
  const dir = mkdtempSync(join(tmpdir(), 'alert-files-'));
  t.deps.files = new LocalFileStore(dir);
  const cleanup = async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ...t, cleanup };
}

describe('monitoring alerts: ingest', () => {
  it('stores each alert once and puts alerts of the same minute on one card, due when the minute ends', async () => {
    const { deps, clock, cleanup } = await setup(new Date('2026-11-23T10:00:05Z'));
    try {
      for (let i = 0; i < 30; i++) expect((await ingestAlert(deps, input(i, { severity: i < 3 ? 'high' : 'low' }))).outcome).toBe('accepted');
      expect((await ingestAlert(deps, input(5))).outcome).toBe('duplicate');
      clock.advance(60_000);
      await ingestAlert(deps, input(99));
      expect(await deps.store.count('alerts', { schoolId: 'oakfield-primary' })).toBe(31);
      const cards = await deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'alert-triage' }] });
      expect(cards).toHaveLength(2);
      const first = cards.find((c) => c.id === alertCardId('oakfield-primary:2026-11-23T10:00:00.000Z')) as OutboxMessage;
      expect(first.dueAt).toBe('2026-11-23T10:01:00.000Z');
      const view = await describeQueuedAlerts(deps, first);
      expect(view?.title).toBe('30 new monitoring alerts: 3 high, 27 low');
      expect(view?.rows).toHaveLength(10);
      expect(view?.more).toBe(20);
      expect(view?.rows[0]).toMatchObject({ heading: 'High · Self-harm', time: '2026-11-23 09:59', reference: 'LAPTOP-0' });
    } finally {
      await cleanup();
    }
  });

  it('a severe alert out of hours gets a card of its own at once, mentioning the safeguarding team; in hours it waits for its batch', async () => {
    const { deps, clock, cleanup } = await setup(new Date('2026-11-23T21:30:00Z'));
    try {
      await ingestAlert(deps, input(1, { severity: 'critical' }));
      await ingestAlert(deps, input(2, { severity: 'low' }));
      const night = await deps.store.get<OutboxMessage>('outbox', 'oakfield-primary', alertCardId('oakfield-primary:urgent:mon-1'));
      expect(night?.dueAt).toBe('2026-11-23T21:30:00.000Z');
      expect(night?.mentions?.map((m) => m.name).sort()).toEqual(['Alex Wilber', 'Jaya Patel', 'Megan Bowen']);
      expect((await deps.store.get<AlertRecord>('alerts', 'oakfield-primary', 'alert:mon-2'))?.urgent).toBeUndefined();
      clock.set(new Date('2026-11-24T10:00:00Z'));
      await ingestAlert(deps, input(3, { severity: 'critical' }));
      expect((await deps.store.get<AlertRecord>('alerts', 'oakfield-primary', 'alert:mon-3'))?.batchId).toBe('oakfield-primary:2026-11-24T10:00:00.000Z');
    } finally {
      await cleanup();
    }
  });
});

describe('monitoring alerts: triage', () => {
  it('refuses and audits anyone but the DSL and deputies, changing nothing', async () => {
    const { deps, cleanup } = await setup();
    try {
      await ingestAlert(deps, input(1));
      await expect(triageAlert(deps, head, 'oakfield-primary', 'alert:mon-1', { action: 'alert-not-a-concern', reason: 'fine' })).rejects.toBeInstanceOf(NotPermittedError);
      expect((await deps.store.get<AlertRecord>('alerts', 'oakfield-primary', 'alert:mon-1'))?.status).toBe('untriaged');
      const audit = await deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary' });
      expect(audit).toEqual([expect.objectContaining({ action: 'alert.triage', outcome: 'refused', detail: 'not-safeguarding-team:alert:mon-1:alert-not-a-concern' })]);
    } finally {
      await cleanup();
    }
  });

  it('"Open a case" reports an incident under the category procedure with the alert metadata as evidence, once', async () => {
    const { deps, cleanup } = await setup();
    try {
      await ingestAlert(deps, input(1));
      const { alert } = await triageAlert(deps, deputy, 'oakfield-primary', 'alert:mon-1', { action: 'alert-open-case' });
      expect(alert.triage).toMatchObject({ outcome: 'opened', reference: 'ES-2026-0001' });
      const again = await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-1', { action: 'alert-open-case' });
      expect(again.decidedNow).toBe(false);
      const incidents = await deps.store.query<Incident>('incidents', { schoolId: 'oakfield-primary' });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.procedureId).toBe('suicide-self-harm-eating-disorder-sites');
      expect(incidents[0]?.routing.destination).toEqual({ kind: 'dsl-channel' });
      const evidence = await deps.store.query<EvidenceRecord>('evidence', { schoolId: 'oakfield-primary' });
      expect(evidence).toHaveLength(1);
      const json = JSON.parse((await deps.files?.get(evidence[0]?.storageKey as string))?.toString('utf8') ?? '{}');
      expect(Object.keys(json).sort()).toEqual(['alertId', 'category', 'occurredAt', 'receivedAt', 'reference', 'severity', 'source']);
      const outbox = await deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'dsl-escalation' }] });
      expect(outbox).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });

  it('"Not a concern" needs a reason; "Already known" needs a real case', async () => {
    const { deps, cleanup } = await setup();
    try {
      await ingestAlert(deps, input(1));
      await ingestAlert(deps, input(2));
      await ingestAlert(deps, input(3));
      await expect(triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-1', { action: 'alert-not-a-concern', reason: '  ' })).rejects.toMatchObject({ code: 'invalid-input' });
      const ok = await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-1', { action: 'alert-not-a-concern', reason: 'A research lesson on the topic' });
      expect(ok.alert.triage).toMatchObject({ outcome: 'not-a-concern', reason: 'A research lesson on the topic', by: 'Alex Wilber' });
      await expect(triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-2', { action: 'alert-already-known', caseReference: 'ES-2026-0099' })).rejects.toMatchObject({ code: 'invalid-input' });
      await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-3', { action: 'alert-open-case' });
      const known = await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-2', { action: 'alert-already-known', caseReference: 'es-2026-0001' });
      expect(known.alert.triage).toMatchObject({ outcome: 'already-known', reference: 'ES-2026-0001' });
      const view = await describeQueuedAlerts(deps, { schoolId: 'oakfield-primary', message: 'alert-triage', alertBatchId: known.alert.batchId });
      expect(view?.rows.map((r) => r.outcome)).toEqual(['Not a concern', 'Already known: ES-2026-0001', 'Opened as ES-2026-0001']);
      expect(view?.lines[0]).toBe('All triaged.');
    } finally {
      await cleanup();
    }
  });
});

describe('monitoring alerts: reminders', () => {
  it('nags a severe out-of-hours alert every renotify interval until triaged, and reminds of others hourly in working hours only', async () => {
    const { deps, clock, cleanup } = await setup(new Date('2026-11-23T21:30:00Z'));
    try {
      await ingestAlert(deps, input(1, { severity: 'critical' }));
      await ingestAlert(deps, input(2, { severity: 'low' }));
      const reminders = async () =>
        (await deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'alert-reminder' }] })).map((m) => m.id).sort();
      expect((await queueAlertReminders(deps)).reminders).toBe(0);
      clock.advance(5 * 60_000);
      expect((await queueAlertReminders(deps)).reminders).toBe(1);
      expect((await queueAlertReminders(deps)).reminders).toBe(0);
      clock.advance(5 * 60_000);
      await queueAlertReminders(deps);
      expect(await reminders()).toHaveLength(2);
      const nag = await deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'alert-reminder' }] });
      expect(nag[0]?.mentions?.length).toBe(3);
      expect((await describeQueuedAlerts(deps, nag[0] as OutboxMessage))?.title).toBe('2 monitoring alerts still to triage: 1 critical, 1 low');
      await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-1', { action: 'alert-not-a-concern', reason: 'Known, a test' });
      clock.advance(30 * 60_000);
      // Only the low one is left: no nag at night.
      expect((await queueAlertReminders(deps)).reminders).toBe(0);
      clock.set(new Date('2026-11-24T10:00:00Z'));
      expect((await queueAlertReminders(deps)).reminders).toBe(1);
      await triageAlert(deps, dsl, 'oakfield-primary', 'alert:mon-2', { action: 'alert-not-a-concern', reason: 'Known' });
      const last = (await deps.store.query<OutboxMessage>('outbox', { schoolId: 'oakfield-primary', where: [{ field: 'message', op: '=', value: 'alert-reminder' }] }))[0] as OutboxMessage;
      expect(await describeQueuedAlerts(deps, last)).toBeUndefined();
    } finally {
      await cleanup();
    }
  });
});
