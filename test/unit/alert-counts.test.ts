import { alertCounts } from '../../src/core/monitoring/alert-counts';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import { tempDeps } from '../builders/temp-store';

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
