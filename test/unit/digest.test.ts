/**
 * The weekly digest from generated incidents with an injected clock: its figures match a direct count,
 * nobody's name from a report appears, the chart's numbers match its text, and each head gets exactly
 * one digest a week, late rather than never, with two instances and restarts.
 */
import { digestCardData } from '../../src/adapters/teams/cards/card-data';
import { digestMessage } from '../../src/adapters/slack/views/digest-message';
import { localTime } from '../../src/core/calendar/school-calendar';
import { queueWeeklyDigests } from '../../src/core/digest/digest-jobs';
import { describeDigest, describeTrustDigest } from '../../src/core/digest/digest-view';
import { readGovernorsReport } from '../../src/core/digest/governors-report';
import { schoolDigest, trustDigest } from '../../src/core/digest/read-digest';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Incident } from '../../src/core/incidents/incident';
import { PUPIL_INITIALS, PUPIL_NAME, generateIncident, seeded } from '../builders/incident-fixtures';
import { tempDeps } from '../builders/temp-store';

// Monday 23 November 2026, 09:00 in London: the digest covers Mon 16 to Sun 22 November.
const NOW = new Date('2026-11-23T09:00:00Z');

async function withIncidents(count: number) {
  const harness = await tempDeps(NOW);
  const random = seeded(42);
  const incidents: Incident[] = [];
  for (let n = 0; n < count; n++) {
    const school = harness.deps.pack.schools[n % 2]!;
    const at = new Date(NOW.getTime() - Math.floor(random() * 70 * 86_400_000));
    const incident = generateIncident(harness.deps.pack, school.id, n, at, random);
    incidents.push(incident);
    await harness.deps.store.create('incidents', incident, { durability: 'draft' });
  }
  return { ...harness, incidents };
}

const localDate = (iso: string) => localTime(new Date(iso)).date;

test('the figures match a direct count of the incidents', async () => {
  const { deps, incidents, cleanup } = await withIncidents(400);
  const school = deps.pack.schools[0]!;
  const digest = await schoolDigest(deps, school, NOW);
  const mine = incidents.filter((i) => i.schoolId === school.id);
  const inWeek = (i: Incident, start: string, end: string) => localDate(i.reportedAt) >= start && localDate(i.reportedAt) < end;
  const week = mine.filter((i) => inWeek(i, '2026-11-16', '2026-11-23'));
  expect(digest.week).toEqual({ start: '2026-11-16', end: '2026-11-23' });
  expect(digest.total).toBe(week.length);
  expect(digest.total).toBeGreaterThan(0);
  expect(digest.urgent).toBe(week.filter((i) => i.routing.urgent).length);
  expect(digest.byProcedure.reduce((n, p) => n + p.count, 0)).toBe(week.length);
  expect(digest.open).toHaveLength(mine.filter((i) => i.status !== 'closed').length);
  expect(digest.trend.map((w) => w.count)).toEqual(
    digest.trend.map((w) => mine.filter((i) => inWeek(i, w.week, localDate(new Date(Date.parse(`${w.week}T12:00:00Z`) + 7 * 86_400_000).toISOString()))).length),
  );
  const late = week.filter((i) => i.routing.urgent && (!i.acknowledgedAt || Date.parse(i.acknowledgedAt) - Date.parse(i.reportedAt) > school.urgent.escalateToHeadAfterMinutes * 60_000));
  expect(digest.lateAcknowledgements.map((l) => l.reference).sort()).toEqual(late.map((i) => i.reference).sort());
  await cleanup();
});

test("no pupil name or initials appear in the digest, the trust view, the chart or the governors' report", async () => {
  const { deps, cleanup } = await withIncidents(200);
  const view = describeDigest(await schoolDigest(deps, deps.pack.schools[0]!, NOW));
  const trust = describeTrustDigest(deps.pack.trust.name, await trustDigest(deps, NOW));
  const head = { platform: 'teams' as const, userId: 'user-id-2', name: 'Adele Vance' };
  const report = await readGovernorsReport(deps, head, '2026-09-01', '2026-11-30');
  for (const shown of [view, trust, digestCardData(view), digestMessage(view, true), digestCardData(trust), report]) {
    const text = JSON.stringify(shown);
    expect(text).not.toContain(PUPIL_NAME.split(' ')[0]);
    expect(text).not.toContain(PUPIL_INITIALS);
  }
  expect(report.csv.split('\n')[0]).toBe('reference,reported,type,safeguarding,urgent,status,referred_to,closed,parents,sanctions,lado_contacts,reopened,type_changes');
  await cleanup();
});

test("the chart's numbers are the trend the text gives, and the image is a PNG", async () => {
  const { deps, cleanup } = await withIncidents(200);
  const digest = await schoolDigest(deps, deps.pack.schools[1]!, NOW);
  const data = digestCardData(describeDigest(digest));
  expect(data.chartNumbers.split(' · ').map((s) => Number(s.split(': ')[1]))).toEqual(digest.trend.map((w) => w.count));
  expect(data.chartAltText).toContain(`${digest.trend.at(-1)!.count}.`);
  expect(Buffer.from(data.chartUrl.split(',')[1]!, 'base64').subarray(1, 4).toString()).toBe('PNG');
  await cleanup();
});

test('one digest per head per week: not before Monday 08:00, late after downtime, never twice', async () => {
  const { deps, clock, cleanup } = await tempDeps(new Date('2026-11-23T07:59:00Z'));
  const digests = () => deps.store.query<OutboxMessage>('outbox', { where: [{ field: 'message', op: '=', value: 'weekly-digest' }] });
  expect((await queueWeeklyDigests(deps, clock.now())).queued).toBe(0);
  clock.set(new Date('2026-11-23T08:00:00Z'));
  const [a, b] = await Promise.all([queueWeeklyDigests(deps, clock.now()), queueWeeklyDigests(deps, clock.now())]);
  expect(a.queued + b.queued).toBe(3); // two heads and the trust safeguarding lead
  clock.set(new Date('2026-11-25T15:00:00Z'));
  expect((await queueWeeklyDigests(deps, clock.now())).queued).toBe(0);
  // Down all of the next Monday: the digest goes out on Tuesday instead.
  clock.set(new Date('2026-12-01T10:00:00Z'));
  expect((await queueWeeklyDigests(deps, clock.now())).queued).toBe(3);
  const sent = await digests();
  expect(sent.map((m) => m.id).sort()).toEqual([
    'digest:oakfield-primary:2026-11-23',
    'digest:oakfield-primary:2026-11-30',
    'digest:riverside-academy:2026-11-23',
    'digest:riverside-academy:2026-11-30',
    'digest:trust:2026-11-23',
    'digest:trust:2026-11-30',
  ]);
  expect(sent.filter((m) => m.digest?.scope === 'school').every((m) => m.to.kind === 'role' && m.to.role === 'head')).toBe(true);
  await cleanup();
});

test('a quiet school: no empty chart, and an incident from today is "reported today"', async () => {
  const { deps, cleanup } = await tempDeps(NOW);
  await deps.store.create(
    'incidents',
    generateIncident(deps.pack, 'oakfield-primary', 1, NOW, () => 0.95),
  );
  const view = describeDigest(await schoolDigest(deps, deps.pack.schools[0]!, NOW));
  expect(view.chart.empty).toBe('No incidents were reported in these 8 weeks.');
  const card = digestCardData(view);
  expect(card).toMatchObject({ hasChart: false, chartUrl: '', chartEmpty: 'No incidents were reported in these 8 weeks.' });
  expect(JSON.stringify(view.sections)).toContain('1 incident open; the oldest reported today.');
  expect(JSON.stringify(digestMessage(view))).not.toContain('█');
  await cleanup();
});
