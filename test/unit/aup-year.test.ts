/**
 * A school year of AUP reminders with an injected clock: 200 people (170 on roll, 30 joiners, 15
 * leavers), a material amendment in January, the Christmas holiday and a half term. The sweep runs every
 * three hours, day and night. Asserted: one person's exact reminders and escalations; nothing at night, at
 * weekends or in holidays; nothing to leavers; never more than the weekly cap; and exactly the same
 * messages when two instances sweep together and when a sweep is killed part-way.
 */
import { AupPolicy } from '../../src/core/policy/aup-policy';
import type { Signature } from '../../src/core/aup/aup-records';
import type { Person } from '../../src/core/people/person-record';
import { dueFor } from '../../src/core/aup/due-date';
import { markLeft, notePerson } from '../../src/core/aup/register-people';
import { addDays, localTime } from '../../src/core/calendar/school-calendar';
import { signAup } from '../../src/core/aup/sign-aup';
import { sweepAupReminders } from '../../src/core/aup/sweep-reminders';
import type { CoreDeps } from '../../src/core/deps';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { Actor } from '../../src/core/people/actor';
import type { DocumentStore } from '../../src/ports/document-store';
import { shippedPack, tempDeps } from '../builders/temp-store';

const aup = AupPolicy.parse({
  workingHours: { start: '08:30', end: '16:30' },
  holidays: [
    { name: 'Christmas', from: '2026-12-19', to: '2027-01-04' },
    { name: 'February half term', from: '2027-02-13', to: '2027-02-21' },
  ],
  documents: [
    {
      id: 'staff-aup',
      audience: 'staff',
      title: 'Staff AUP',
      versions: [
        { version: 'v1', published: '2025-09-01', material: true, summary: ['Use school IT for school work.'], text: 'Version one.' },
        { version: 'v2', published: '2027-01-11', material: true, graceDays: 21, summary: ['Use school IT for school work.'], text: 'Version two.' },
      ],
    },
  ],
});
const pack = { ...shippedPack, aup };
const SCHOOL = 'oakfield-primary';
const START = Date.parse('2026-09-01T00:00:00Z');
const END = Date.parse('2027-08-31T00:00:00Z');
const TICK = 3 * 3600_000;

const actorOf = (k: number): Actor => ({ platform: 'teams', userId: `staff-${k}`, name: `Staff ${k}` });
const PAT = 999;
/** Who never signs; everyone else signs a few days either side of their due date, by a fixed rule. */
const neverSigns = (k: number) => k % 10 === 9 || k === PAT;
const signOffset = (k: number) => [-2, 0, 3, 10][k % 4] as number;

type Mode = 'single' | 'double' | 'killed';

/** A store that fails (like a crash) on the Nth outbox write while armed. */
function crashing(store: DocumentStore): DocumentStore & { arm(n: number): void } {
  let left = -1;
  return Object.assign(Object.create(store), {
    arm(n: number) {
      left = n;
    },
    async create(collection: string, doc: any, options?: any) {
      if (collection === 'outbox' && left >= 0 && left-- === 0) throw new Error('killed mid-run');
      return store.create(collection as any, doc, options);
    },
  });
}

async function simulate(mode: Mode) {
  const { deps: base, clock, cleanup } = await tempDeps(new Date(START));
  const store = crashing(base.store);
  const deps: CoreDeps = { ...base, pack, store };
  // 170 people on roll, who signed v1 on dates spread over the previous year.
  for (let k = 0; k < 170; k++) {
    clock.set(new Date(Date.parse('2025-09-01T12:00:00Z') + k * 2 * 86_400_000));
    await notePerson(deps, { schoolId: SCHOOL, platform: 'teams', userId: `staff-${k}`, name: `Staff ${k}` });
    await signAup(deps, actorOf(k), { documentId: 'staff-aup', version: 'v1' });
  }
  const joiners = new Map<number, number>(Array.from({ length: 30 }, (_, j) => [Date.parse('2026-09-08T09:00:00Z') + j * 10 * 86_400_000, 170 + j]));
  const leavers = new Map<number, number>(Array.from({ length: 15 }, (_, i) => [Date.parse('2026-10-01T12:00:00Z') + i * 14 * 86_400_000, i * 7]));
  let killedRuns = 0;
  for (let t = START; t < END; t += TICK) {
    clock.set(new Date(t));
    if (t === Date.parse('2026-09-07T09:00:00Z')) await notePerson(deps, { schoolId: SCHOOL, platform: 'teams', userId: `staff-${PAT}`, name: 'Pat' });
    for (const [at, k] of joiners) if (at === t) await notePerson(deps, { schoolId: SCHOOL, platform: 'teams', userId: `staff-${k}`, name: `Staff ${k}` });
    for (const [at, k] of leavers) if (at <= t && at > t - TICK) await markLeft(deps, SCHOOL, `teams:staff-${k}`);
    // People sign at 14:00 UK time on the day their rule says.
    if (localTime(new Date(t)).time === '14:00' || new Date(t).getUTCHours() === 12) {
      const people = await deps.store.query<Person>('people', { schoolId: SCHOOL, where: [{ field: 'status', op: '=', value: 'active' }] });
      for (const person of people) {
        const k = Number(person.userId?.replace('staff-', ''));
        if (neverSigns(k)) continue;
        const signatures = await deps.store.query<Signature>('signatures', { schoolId: SCHOOL, where: [{ field: 'personId', op: '=', value: person.id }] });
        const due = dueFor(person, aup.documents[0]!, signatures, aup, localTime(new Date(t)).date);
        if (localTime(new Date(t)).date === addDays(due.date, signOffset(k))) await signAup(deps, actorOf(k), { documentId: 'staff-aup', version: due.version });
      }
    }
    if (mode === 'double') {
      await Promise.all([sweepAupReminders(deps), sweepAupReminders(deps)]);
    } else if (mode === 'killed' && new Date(t).getUTCHours() === 9 && new Date(t).getUTCDate() % 5 === 0) {
      store.arm(2);
      await sweepAupReminders(deps).then(
        () => undefined,
        () => killedRuns++,
      );
      store.arm(-1);
      // The restarted instance runs at once and finishes the job.
      await sweepAupReminders(deps);
    } else {
      await sweepAupReminders(deps);
    }
  }
  const messages = await deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL });
  const people = await deps.store.query<Person>('people', { schoolId: SCHOOL });
  await cleanup();
  return { messages: messages.filter((m) => m.message.startsWith('aup-')), people, killedRuns };
}

let single: Awaited<ReturnType<typeof simulate>>;
beforeAll(async () => {
  single = await simulate('single');
}, 120_000);

const london = (iso: string) => localTime(new Date(iso));

test('Pat joins and never signs: exactly the expected reminders and escalations, skipping holidays', () => {
  const pat = single.messages
    .filter((m) => m.aup?.personId === `teams:staff-${PAT}`)
    .map((m) => `${m.createdAt.slice(0, 16)} ${m.message === 'aup-escalation' ? `escalate:${(m.to as { role: string }).role}` : m.aup?.slot}`);
  const expected: string[] = [];
  for (let week = 0; week < 52; week++) {
    const monday = addDays('2026-09-07', week * 7);
    const holiday = (monday >= '2026-12-19' && monday <= '2027-01-04') || (monday >= '2027-02-13' && monday <= '2027-02-21');
    const slot = week === 0 ? 'due' : `overdue-${week}`;
    // A slot that opens in a holiday is not sent; the first school day after gets the slot open then.
    if (!holiday) expected.push(`${monday}T09:00 ${slot}`);
    if (monday === '2027-01-04') expected.push('2027-01-05T09:00 overdue-17');
    if (week === 2) expected.push(`${monday}T09:00 escalate:esafety-lead`);
    if (week === 4) expected.push(`${monday}T09:00 escalate:head`);
  }
  expect(pat.sort()).toEqual(expected.filter((e) => e < '2027-08-31').sort());
});

test('nothing is sent at night, at weekends or in holidays', () => {
  expect(single.messages.length).toBeGreaterThan(400);
  for (const m of single.messages) {
    const at = london(m.createdAt);
    expect([at.weekday, at.time >= '08:30' && at.time < '16:30']).toEqual([expect.any(Number), true]);
    expect(at.weekday === 0 || at.weekday === 6).toBe(false);
    expect((at.date >= '2026-12-19' && at.date <= '2027-01-04') || (at.date >= '2027-02-13' && at.date <= '2027-02-21')).toBe(false);
  }
});

test('leavers are never reminded after they leave, and nobody gets more than two reminders in 7 days', () => {
  const left = new Map(single.people.filter((p) => p.status === 'left').map((p) => [p.id, p.leftAt as string]));
  expect(left.size).toBe(15);
  const byPerson = new Map<string, number[]>();
  for (const m of single.messages) {
    const id = m.aup?.personId as string;
    if (left.has(id)) expect(m.createdAt < (left.get(id) as string)).toBe(true);
    if (m.message === 'aup-reminder') byPerson.set(id, [...(byPerson.get(id) ?? []), Date.parse(m.createdAt)]);
  }
  for (const times of byPerson.values()) {
    times.sort((a, b) => a - b);
    for (const t of times) expect(times.filter((u) => u > t - 7 * 86_400_000 && u <= t).length).toBeLessThanOrEqual(2);
  }
});

test('the amendment reaches everyone who signed v1 before it, due three weeks after publication', () => {
  const amendment = single.messages.filter((m) => m.aup?.dueDate === '2027-02-01' && m.message === 'aup-reminder');
  const on = (slot: string) => new Set(amendment.filter((m) => m.aup?.slot === slot).map((m) => m.createdAt.slice(0, 10)));
  expect(on('before-14')).toEqual(new Set(['2027-01-18']));
  expect(on('before-3')).toEqual(new Set(['2027-01-29']));
  expect(on('due')).toEqual(new Set(['2027-02-01']));
  // Everyone on roll who had signed v1 and whose yearly date was later than the amendment's.
  expect(amendment.filter((m) => m.aup?.slot === 'before-14').length).toBeGreaterThan(80);
});

test('two instances sweeping together send exactly the same messages, each once', async () => {
  const double = await simulate('double');
  expect(double.messages.map((m) => m.id).sort()).toEqual(single.messages.map((m) => m.id).sort());
}, 120_000);

test('a sweep killed part-way is finished by the next run: nothing lost, nothing twice', async () => {
  const killed = await simulate('killed');
  expect(killed.killedRuns).toBeGreaterThan(5);
  expect(killed.messages.map((m) => m.id).sort()).toEqual(single.messages.map((m) => m.id).sort());
}, 120_000);
