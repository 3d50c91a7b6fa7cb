/** Fifty people adding a note to one incident at the same moment: every note lands, none is lost. */
import { actOnIncident } from '../../src/core/incidents/act-on-incident';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import { tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';

jest.setTimeout(60_000);

const dsl: Actor = { platform: 'teams', userId: 'user-id-0', name: 'Alex Wilber' };

it('50 simultaneous notes on one incident: all 50 are in the chronology', async () => {
  const { deps, cleanup } = await tempDeps();
  try {
    const { outcome } = await walkReport(deps, 'online-bullying-of-pupil');
    if (outcome.kind !== 'submitted') throw new Error('not sent');
    const { schoolId, id } = outcome.incident;
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, n) => actOnIncident(deps, dsl, { schoolId, incidentId: id, action: 'add-note', values: { note: `note ${n}` } })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const saved = (await deps.store.get<Incident>('incidents', schoolId, id)) as Incident;
    expect(
      saved.chronology
        .filter((c) => c.action === 'note')
        .map((c) => c.detail)
        .sort(),
    ).toEqual(Array.from({ length: 50 }, (_, n) => `note ${n}`).sort());
  } finally {
    await cleanup();
  }
});
