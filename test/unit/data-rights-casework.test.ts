/**
 * Subject access for a member of staff covers their casework too, not only their reports: evidence they
 * added, cases shared with them, unblock requests they asked for or decided, filtering reviews they
 * recorded, transfers they made (without the child's file) and monitoring alerts they triaged. Nobody
 * else's come with them, and erasure keeps each of these, saying why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import type { CoreDeps } from '../../src/core/deps';
import { requestUnblock } from '../../src/core/filtering/request-unblock';
import type { Actor } from '../../src/core/people/actor';
import { erasePerson } from '../../src/core/rights/erase-person';
import { exportPersonData } from '../../src/core/rights/subject-access';
import { randomIds } from '../../src/ports/ids';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { shippedPack } from '../builders/temp-store';

const SCHOOL = 'oakfield-primary';
const sam: Actor = { platform: 'teams', userId: 't-sam', name: 'Sam Teacher' };
const kim: Actor = { platform: 'teams', userId: 't-kim', name: 'Kim Other' };
const ref = (a: Actor) => ({ platform: a.platform, userId: a.userId, name: a.name });

let dir: string;
let deps: CoreDeps;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esafety-rights-casework-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  // Tuesday 1 December 2026, 11:20 in London: in a lesson, so an unblock can be asked for.
  deps = { store, pack: shippedPack, clock: { now: () => new Date('2026-12-01T11:20:00Z') }, ids: randomIds };
});

afterEach(async () => {
  await deps.store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function seedCasework(): Promise<{ sharedIncident: string; notShared: string }> {
  const shared = generateIncident(deps.pack, SCHOOL, 7, new Date('2026-11-20T09:00:00Z'), seeded(7));
  const share = {
    id: 'share-1',
    person: { key: 'teams:t-sam', name: 'Sam Teacher', teamsUserId: 't-sam' },
    access: 'read',
    until: '2027-01-31',
    reason: 'class teacher',
    sharedAt: '2026-11-21T09:00:00Z',
    sharedBy: { platform: 'teams', userId: 'x', name: 'Alex Wilber' },
  };
  await deps.store.create('incidents', { ...shared, shares: [share] });
  const other = generateIncident(deps.pack, SCHOOL, 8, new Date('2026-11-20T10:00:00Z'), seeded(8));
  await deps.store.create('incidents', { ...other, shares: [{ ...share, person: { key: 'teams:t-kim', name: 'Kim Other', teamsUserId: 't-kim' } }] });
  for (const [id, who] of [
    ['ev-sam', sam],
    ['ev-kim', kim],
  ] as const) {
    await deps.store.create('evidence', {
      id,
      schoolId: SCHOOL,
      incidentId: shared.id,
      fileName: `${id}.png`,
      contentType: 'image/png',
      size: 10,
      sha256: 'a'.repeat(64),
      addedBy: ref(who),
      addedAt: '2026-11-21T10:00:00Z',
      storageKey: `${SCHOOL}/${id}`,
      source: 'teams',
    });
  }
  await deps.store.create('transfers', {
    id: 'tr-sam',
    schoolId: SCHOOL,
    ref: 'TR-AAAAAA',
    pupilId: 'p1',
    toSchool: 'Hillside Academy',
    transferredAt: '2026-11-22T10:00:00Z',
    by: ref(sam),
    startDate: '2026-11-23',
    deadline: '2026-11-30',
    status: 'awaiting-receipt',
    pdfSha256: 'b'.repeat(64),
    jsonSha256: 'c'.repeat(64),
    file: { pupil: { name: 'Child Secret-Name' } },
  });
  for (const [id, by] of [
    ['alert:a-sam', 'Sam Teacher'],
    ['alert:a-kim', 'Kim Other'],
  ] as const) {
    await deps.store.create('alerts', {
      id,
      schoolId: SCHOOL,
      alertId: id.slice(6),
      category: 'bullying',
      severity: 'medium',
      occurredAt: '2026-11-24T10:00:00Z',
      receivedAt: '2026-11-24T10:00:01Z',
      reference: 'LAPTOP-1',
      batchId: 'b',
      status: 'triaged',
      triage: { outcome: 'not-a-concern', reason: 'test page', by, at: '2026-11-24T10:05:00Z' },
    });
  }
  await deps.store.create('reviews', {
    id: 'filtering-review:2026-11-25',
    schoolId: SCHOOL,
    date: '2026-11-25',
    participants: 'Sam Teacher',
    answers: {},
    outcome: 'no-changes',
    recordedBy: ref(sam),
    recordedAt: '2026-11-25T10:00:00Z',
    channel: 'teams',
    packVersion: 'x',
  });
  return { sharedIncident: shared.id, notShared: other.id };
}

it("a member of staff's export lists their casework, with nobody else's, and no child's file", async () => {
  const { sharedIncident, notShared } = await seedCasework();
  const asked = await requestUnblock(deps, sam, 'www.bbc.co.uk/bitesize for the lesson because Year 6 volcanoes');
  expect(asked.kind).toBe('requested');
  await requestUnblock(deps, kim, 'www.nasa.gov for the lesson because Year 5 space');

  const result = await exportPersonData(deps, SCHOOL, 'Sam Teacher', 'DPO');
  expect(result.counts).toMatchObject({ evidence: 1, filtering: 1, reviews: 1, transfers: 1, alerts: 1 });
  expect(result.records.evidence.map((e) => e.id)).toEqual(['ev-sam']);
  expect(result.records.filtering[0]?.what).toContain('bbc.co.uk');
  expect(result.records.alerts.map((a) => a.id)).toEqual(['alert:a-sam']);
  expect(result.records.incidents.find((i) => i.record.id === sharedIncident)?.why).toEqual(['shared-with']);
  expect(result.records.incidents.some((i) => i.record.id === notShared)).toBe(false);
  const json = JSON.stringify(result);
  expect(json).not.toContain('Child Secret-Name');
  expect(json).not.toContain('nasa.gov');
  expect(json).not.toContain('ev-kim');
  expect(result.notes.join(' ')).toMatch(/not the files/);

  const plan = await erasePerson(deps, SCHOOL, 'Sam Teacher', 'DPO', { confirm: false });
  expect(plan.kept.find((k) => k.what === 'filtering log entries')).toMatchObject({ count: 1, why: expect.stringMatching(/change log/) });
  expect(plan.kept.find((k) => k.what === 'evidence they added')?.count).toBe(1);
});
