/**
 * A report submitted through the real use case reaches disk in one commit: its reference, incident,
 * queued messages and audit are drafts that wait in the open transaction for the final durable write.
 */
import type { EmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { stepReport } from '../../src/core/incidents/report-wizard';
import { teacher, walkReport } from '../builders/walk-wizard';
import { tempDeps } from '../builders/temp-store';

test("one report's writes share one commit (one fsync), and all of them are there afterwards", async () => {
  const { deps, cleanup } = await tempDeps();
  try {
    const store = deps.store as EmbeddedStore;
    const { outcome, ref } = await walkReport(deps, 'online-bullying-of-pupil', { stopAt: 'review' });
    expect(outcome.kind === 'view' && outcome.view.step).toBe('review');
    // The review step's own draft commits within 20 ms; count from after it.
    await new Promise((r) => setTimeout(r, 60));
    const before = store.stats().commits;
    const submitted = await stepReport(deps, { ...ref, revision: outcome.kind === 'view' ? outcome.view.revision : ref.revision }, teacher, { action: 'submit' });
    expect(submitted.kind).not.toBe('view');
    expect(store.stats().commits - before).toBe(1);
    const incidents = await store.query('incidents', { schoolId: ref.schoolId });
    expect(incidents).toHaveLength(1);
    expect(await store.count('outbox', { schoolId: ref.schoolId, where: [{ field: 'incidentId', op: '=', value: incidents[0]!.id }] })).toBeGreaterThan(1);
    expect(await store.count('audit', { schoolId: ref.schoolId, where: [{ field: 'action', op: '=', value: 'incident.reported' }] })).toBe(1);
  } finally {
    await cleanup();
  }
});
