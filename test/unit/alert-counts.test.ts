import { alertCounts } from '../../src/core/monitoring/alert-counts';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import { tempDeps } from '../builders/temp-store';
import { schoolDigest } from '../../src/core/digest/read-digest';
import { describeDigest } from '../../src/core/digest/digest-view';

function alert(n: number, over: Partial<AlertRecord>): AlertRecord {
  return {
    id: `alert:a${n}`,
    schoolId: 's1',
    alertId: `a${n}`,
    category: 'bullying',
    severity: 'low',
    occurredAt: '2026-11-23T09:00:00.000Z',
    receivedAt: '2026-11-23T09:00:00.000Z',
    reference: `device-${n}`,
    batchId: 'b',
    status: over.triage ? 'triaged' : 'untriaged',
    ...over,
  };
}

describe('alertCounts', () => {
  it('counts a school period by category, untriaged, and the median minutes to triage', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const at = (m: number) => new Date(Date.parse('2026-11-23T09:00:00.000Z') + m * 60_000).toISOString();
      await deps.store.create('alerts', alert(1, { category: 'self-harm', triage: { outcome: 'not-a-concern', reason: 'r', by: 'u', at: at(10) } }));
      await deps.store.create('alerts', alert(2, { category: 'self-harm', triage: { outcome: 'not-a-concern', reason: 'r', by: 'u', at: at(20) } }));
      await deps.store.create('alerts', alert(3, { triage: { outcome: 'opened', incidentId: 'i', reference: 'ES-1', by: 'u', at: at(60) } }));
      await deps.store.create('alerts', alert(4, {}));
      await deps.store.create('alerts', alert(5, { receivedAt: '2026-10-01T09:00:00.000Z' }));
      await deps.store.create('alerts', alert(6, { schoolId: 's2' }));
      const counts = await alertCounts(deps, 's1', new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
      expect(counts.total).toBe(4);
      expect(counts.byCategory['self-harm']).toBe(2);
      expect(counts.byCategory.bullying).toBe(2);
      expect(counts.byCategory.grooming).toBe(0);
      expect(counts.untriaged).toBe(1);
      expect(counts.medianMinutesToTriage).toBe(20);
      const none = await alertCounts(deps, 's1', new Date('2025-01-01T00:00:00Z'), new Date('2025-02-01T00:00:00Z'));
      expect(none).toMatchObject({ total: 0, untriaged: 0, medianMinutesToTriage: undefined });
    } finally {
      await cleanup();
    }
  });
});

describe('the weekly digest counts monitoring alerts', () => {
  it('adds a Monitoring alerts line for a week with alerts (untriaged counted), and none for a week without', async () => {
    const { deps, cleanup } = await tempDeps(new Date('2026-11-25T10:00:00Z'));
    try {
      const school = deps.pack.schools[0] as import('../../src/core/policy/schema').School;
      const quiet = describeDigest(await schoolDigest(deps, school, new Date('2026-11-30T08:00:00Z')));
      expect(quiet.sections.map((s) => s.heading)).not.toContain('Monitoring alerts');
      await deps.store.create('alerts', alert(1, { schoolId: school.id, receivedAt: '2026-11-24T09:00:00.000Z', category: 'self-harm' }));
      await deps.store.create(
        'alerts',
        alert(2, { schoolId: school.id, receivedAt: '2026-11-24T09:00:00.000Z', triage: { outcome: 'not-a-concern', reason: 'r', by: 'u', at: '2026-11-24T09:30:00.000Z' } }),
      );
      const view = describeDigest(await schoolDigest(deps, school, new Date('2026-11-30T08:00:00Z')));
      expect(view.sections.find((s) => s.heading === 'Monitoring alerts')?.lines).toEqual(['2 alerts (1 self harm, 1 bullying); 1 still to triage; median 30 minutes to triage.']);
    } finally {
      await cleanup();
    }
  });
});
