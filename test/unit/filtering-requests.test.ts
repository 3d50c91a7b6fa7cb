/**
 * Unblock requests and the filtering change log, on a real embedded store under the school calendar:
 * approved (until the lesson's end), refused with a reason, expired and re-blocked after reminders in
 * working hours; a forbidden category refused at once with the lead told; non-approvers and the requester
 * refused and audited; the log for its readers only and its CSV parsed back; bad input changes nothing.
 */
import { parse } from 'csv-parse/sync';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { approveUnblock, recordReblock, refuseUnblock } from '../../src/core/filtering/decide-unblock';
import { filteringCounts } from '../../src/core/filtering/filtering-counts';
import type { FilteringEntry } from '../../src/core/filtering/filtering-entry';
import { readFilteringLog, recordFilteringChange } from '../../src/core/filtering/filtering-log';
import { describeQueuedFilteringMessage } from '../../src/core/filtering/filtering-view';
import { queueReblockReminders } from '../../src/core/filtering/reblock-reminders-job';
import { requestUnblock } from '../../src/core/filtering/request-unblock';
import { readUnblockText } from '../../src/core/filtering/unblock-text';
import { readWebAddress } from '../../src/core/filtering/web-address';
import type { Actor } from '../../src/core/people/actor';
import { tempDeps } from '../builders/temp-store';

const teacher: Actor = { platform: 'teams', userId: 'user-id-7', name: 'Pat Okafor' };
const technician: Actor = { platform: 'teams', userId: 'user-id-3', name: 'Sam Reid' };
const lead: Actor = { platform: 'teams', userId: 'user-id-0', name: 'Alex Wilber' };
const head: Actor = { platform: 'teams', userId: 'user-id-2', name: 'Adele Vance' };
const SCHOOL = 'oakfield-primary';

let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  // Tuesday 1 December 2026, 11:20 in London: period 3 (11:10–12:10).
  env = await tempDeps(new Date('2026-12-01T11:20:00Z'));
});
afterEach(async () => env.cleanup());

const outbox = async (kind: OutboxMessage['message']) => env.deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'message', op: '=', value: kind }] });
const entries = () => env.deps.store.query<FilteringEntry>('filtering', { schoolId: SCHOOL });
const audits = async (action: string) => (await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: action }] })).map((a) => a.outcome);

test('the grammar is forgiving: the how-long before or after the reason, and many ways of saying it', () => {
  expect(readUnblockText('www.bbc.co.uk/bitesize for the lesson because Year 6 volcanoes')).toEqual({ address: 'www.bbc.co.uk/bitesize', period: { kind: 'lesson' }, reason: 'Year 6 volcanoes' });
  expect(readUnblockText('youtube.com/watch because a video on volcanoes for period 4')).toEqual({
    address: 'youtube.com/watch',
    period: { kind: 'period', period: '4' },
    reason: 'a video on volcanoes',
  });
  expect(readUnblockText('example.org until 3.10pm - Year 5 maths')?.period).toEqual({ kind: 'until', time: '15:10' });
  expect(readUnblockText('example.org for 45 minutes because a quiz')?.period).toEqual({ kind: 'minutes', minutes: 45 });
  expect(readWebAddress('HTTPS://WWW.Example.ORG/Page/?q=jo#x')).toEqual({ host: 'www.example.org', path: '/Page', normalised: 'www.example.org/Page' });
  expect(readWebAddress('ftp://example.org')).toHaveProperty('problem');
  expect(readWebAddress('javascript:alert(1)')).toHaveProperty('problem');
  expect(readWebAddress('not-a-site')).toHaveProperty('problem');
  expect(readWebAddress(`example.org/${'a'.repeat(2100)}`)).toHaveProperty('problem');
});

test('approved for the lesson: the teacher and technician are told, reminders at the end in working hours until Blocked again', async () => {
  const asked = await requestUnblock(env.deps, teacher, 'https://www.bbc.co.uk/bitesize for the lesson because Year 6 are researching volcanoes');
  expect(asked.kind).toBe('requested');
  expect(asked.entry.until).toBe('2026-12-01T12:10:00.000Z');
  expect(asked.entry.untilWords).toBe('for the lesson (period 3, until 12:10)');
  const requests = await outbox('unblock-request');
  expect(requests.map((m) => (m.to.kind === 'holder' ? m.to.holder.name : m.to.kind)).sort()).toEqual(['Alex Wilber', 'Sam Reid']);
  expect(JSON.stringify(requests)).not.toContain('volcanoes');
  const card = await describeQueuedFilteringMessage(env.deps, requests[0] as OutboxMessage);
  expect(card?.actions.map((a) => a.verb)).toEqual(['unblock-approve', 'unblock-refuse']);
  // The end is said once, without brackets inside brackets.
  expect(card?.facts.find((f) => f.title === 'Until')?.value).toMatch(/^12:10 \(for the lesson, period 3\)$/);

  // A retry of the same words makes nothing twice.
  expect((await requestUnblock(env.deps, teacher, 'https://www.bbc.co.uk/bitesize for the lesson because Year 6 are researching volcanoes')).kind).toBe('requested');
  expect(await entries()).toHaveLength(1);

  // The lead approves (not the technician): the technician is told to unblock it now.
  const approved = await approveUnblock(env.deps, lead, { schoolId: SCHOOL, entryId: asked.entry.id });
  expect(approved.status).toBe('unblocked');
  expect(await outbox('unblock-now')).toHaveLength(1);
  const [told] = await outbox('unblock-outcome');
  expect((await describeQueuedFilteringMessage(env.deps, told as OutboxMessage))?.lines[0]).toBe('Alex Wilber approved your request. It is unblocked until 12:10, then it is blocked again.');
  // The request card has nothing left to say once answered.
  expect(await describeQueuedFilteringMessage(env.deps, requests[0] as OutboxMessage)).toBeUndefined();

  env.clock.set(new Date('2026-12-01T12:00:00Z'));
  expect((await queueReblockReminders(env.deps)).reminders).toBe(0); // not yet ended
  env.clock.set(new Date('2026-12-01T12:15:00Z'));
  expect((await queueReblockReminders(env.deps)).reminders).toBe(1);
  expect((await queueReblockReminders(env.deps)).reminders).toBe(0); // not twice the same hour
  env.clock.set(new Date('2026-12-01T17:15:00Z'));
  expect((await queueReblockReminders(env.deps)).reminders).toBe(0); // after working hours
  env.clock.set(new Date('2026-12-02T08:40:00Z'));
  expect((await queueReblockReminders(env.deps)).reminders).toBe(1); // next morning
  const reminders = await outbox('reblock-reminder');
  expect(reminders.every((m) => m.to.kind === 'role' && m.to.role === 'it-technician')).toBe(true);
  expect((await describeQueuedFilteringMessage(env.deps, reminders[0] as OutboxMessage))?.actions.map((a) => a.verb)).toEqual(['unblock-reblocked']);

  // The teacher cannot press Blocked again; the technician can.
  await expect(recordReblock(env.deps, teacher, { schoolId: SCHOOL, entryId: asked.entry.id })).rejects.toMatchObject({ code: 'not-permitted' });
  await recordReblock(env.deps, technician, { schoolId: SCHOOL, entryId: asked.entry.id });
  expect(await describeQueuedFilteringMessage(env.deps, reminders[0] as OutboxMessage)).toBeUndefined();
  env.clock.set(new Date('2026-12-02T10:40:00Z'));
  expect((await queueReblockReminders(env.deps)).reminders).toBe(0);
  expect((await outbox('unblock-outcome')).map((m) => m.filtering?.outcome).sort()).toEqual(['re-blocked', 'unblocked']);
  expect(await audits('filtering.reblock')).toEqual(expect.arrayContaining(['refused', 'ok']));

  // The log says who blocked it again, not that they approved anything.
  const reblock = (await readFilteringLog(env.deps, technician)).lines.find((l) => l.includes(' re-block '));
  expect(reblock).toMatch(/: the unblock FL-\w+ ended\. Unblock asked for by Pat Okafor; blocked again by Sam Reid\.$/);
  const counts = await filteringCounts(env.deps, SCHOOL, '2026-12-01', '2026-12-31');
  expect(counts.byKind).toMatchObject({ unblock: 1, 're-block': 1 });
  expect(counts.unblocksApproved).toBe(1);
  expect(counts.reBlockedLate).toBe(1); // blocked again the next morning
});

test('refused with a reason (required); the teacher is told the reason; a second answer changes nothing', async () => {
  const asked = await requestUnblock(env.deps, teacher, 'youtube.com/watch for period 4 because a volcano video');
  const target = { schoolId: SCHOOL, entryId: asked.entry.id };
  await expect(refuseUnblock(env.deps, technician, target, '   ')).rejects.toMatchObject({ code: 'invalid-input' });
  expect((await entries())[0]?.status).toBe('requested');
  await refuseUnblock(env.deps, technician, target, 'Use the copy on the school drive instead');
  const [told] = await outbox('unblock-outcome');
  expect((await describeQueuedFilteringMessage(env.deps, told as OutboxMessage))?.lines[0]).toBe('Sam Reid refused your request: Use the copy on the school drive instead');
  await expect(approveUnblock(env.deps, lead, target)).rejects.toMatchObject({ code: 'already-decided' });
  expect((await entries())[0]?.status).toBe('refused');
});

test('a forbidden category is refused at once, logged, and the lead is told', async () => {
  const asked = await requestUnblock(env.deps, teacher, 'www.bet365.com for the lesson because probability in maths');
  expect(asked.kind).toBe('forbidden');
  expect(asked.entry.status).toBe('refused');
  expect(asked.entry.forbiddenCategory).toBe('gambling');
  expect(await outbox('unblock-request')).toHaveLength(0);
  const [note] = await outbox('filtering-forbidden');
  expect(note?.to).toEqual({ kind: 'role', role: 'esafety-lead' });
  expect((await describeQueuedFilteringMessage(env.deps, note as OutboxMessage))?.lines[0]).toContain('Pat Okafor asked for a site the school never unblocks (gambling)');
  expect((await requestUnblock(env.deps, teacher, 'free-proxy-list.net')).kind).toBe('forbidden');
});

test('the only approver asking: nothing is asked of anyone, and they are told why', async () => {
  const onlyTechnician = {
    ...env.deps,
    pack: { ...env.deps.pack, schools: env.deps.pack.schools.map((sc) => (sc.id === SCHOOL ? { ...sc, filtering: { ...sc.filtering, approvers: ['it-technician' as const] } } : sc)) },
  };
  await expect(requestUnblock(onlyTechnician as typeof env.deps, technician, 'example.org/maths until 14:00 because a maths game')).rejects.toThrow(
    /Nobody else at Oakfield Primary School may approve unblocks/,
  );
  expect(await entries()).toEqual([]);
  expect(await outbox('unblock-request')).toEqual([]);
});

test('only approvers answer, never the requester; refusals are audited and change nothing', async () => {
  const asked = await requestUnblock(env.deps, lead, 'example.org/maths until 14:00 because a maths game');
  if (asked.kind !== 'requested') throw new Error('not requested');
  // The lead is an approver too, but is never sent a card asking them to approve their own request.
  expect((await outbox('unblock-request')).map((m) => (m.to.kind === 'holder' ? m.to.holder.name : m.to.kind))).toEqual(['Sam Reid']);
  expect(asked.approvers).toEqual(['Network Manager']);
  const target = { schoolId: SCHOOL, entryId: asked.entry.id };
  await expect(approveUnblock(env.deps, head, target)).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(approveUnblock(env.deps, lead, target)).rejects.toMatchObject({ code: 'not-permitted' }); // their own request
  await expect(approveUnblock(env.deps, technician, { schoolId: SCHOOL, entryId: 'made-up' })).rejects.toMatchObject({ code: 'not-found' });
  expect((await entries())[0]?.status).toBe('requested');
  expect(await audits('filtering.unblock-approve')).toEqual(['refused', 'refused', 'refused']);
  const events = await env.deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL });
  expect(JSON.stringify(events)).not.toContain('maths');
  await approveUnblock(env.deps, technician, target);
  expect(await outbox('unblock-now')).toHaveLength(0); // the technician approved it themselves
});

test('bad input gets the usage and changes nothing', async () => {
  for (const typed of [
    '',
    'example.org',
    'example.org for the lesson',
    'not a site for the lesson because x',
    'example.org until 09:00 because passed',
    'example.org for 20 hours because long',
    `example.org for the lesson because ${'x'.repeat(600)}`,
    'example.org for period 9 because none',
  ]) {
    await expect(requestUnblock(env.deps, teacher, typed)).rejects.toMatchObject({ code: 'invalid-input' });
  }
  expect(await entries()).toHaveLength(0);
  expect(await env.deps.store.count('outbox', { schoolId: SCHOOL })).toBe(0);
});

test('the log for its readers, as CSV parsed back; the technician records a block that closes a breach', async () => {
  const asked = await requestUnblock(env.deps, teacher, 'example.org, for the lesson because a "quiz", with =formula');
  expect(asked.kind).toBe('requested');
  await approveUnblock(env.deps, technician, { schoolId: SCHOOL, entryId: asked.entry.id });
  await expect(recordFilteringChange(env.deps, teacher, 'block', 'badsite.example because pupils found it')).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(recordFilteringChange(env.deps, technician, 'block', 'badsite.example because x closes ES-2026-9999')).rejects.toMatchObject({ code: 'invalid-input' });
  await recordFilteringChange(env.deps, technician, 'block', 'badsite.example because pupils found it');
  await recordFilteringChange(env.deps, technician, 'category-change', 'games because lunchtime only');

  await expect(readFilteringLog(env.deps, teacher)).rejects.toMatchObject({ code: 'not-permitted' });
  expect(await audits('filtering.log-read')).toEqual(['refused']);
  const log = await readFilteringLog(env.deps, head);
  expect(log.count).toBe(3);
  const rows = parse(log.csv, { columns: true }) as Array<Record<string, string>>;
  expect(rows.map((r) => r.kind).sort()).toEqual(['block', 'category-change', 'unblock']);
  const unblock = rows.find((r) => r.kind === 'unblock');
  expect(unblock).toMatchObject({ what: 'example.org', status: 'unblocked', asked_by: 'Pat Okafor', approved_by: 'Sam Reid', until: '2026-12-01 12:10' });
  expect(unblock?.why).toBe('a "quiz", with =formula');
  expect(log.lines.join('\n')).toContain('badsite.example (recorded): pupils found it');
  // The online-safety governor the pack names reads it too.
  await expect(readFilteringLog(env.deps, { platform: 'teams', userId: 'user-id-8', name: 'Diego Siciliani' })).resolves.toHaveProperty('count', 3);
});

test('a block that closes a filtering breach links the incident, and the log names its reference; another kind of incident is refused', async () => {
  const { generateIncident, seeded } = await import('../builders/incident-fixtures');
  const breach = generateIncident(env.deps.pack, SCHOOL, 7, new Date('2026-11-30T10:00:00Z'), seeded(3));
  breach.procedureId = 'filtering-breach';
  await env.deps.store.create('incidents', breach);
  const other = generateIncident(env.deps.pack, SCHOOL, 8, new Date('2026-11-30T11:00:00Z'), seeded(4));
  other.procedureId = 'cyberbullying';
  await env.deps.store.create('incidents', other);
  await expect(recordFilteringChange(env.deps, technician, 'block', `badsite.example because it got through closes ${other.reference}`)).rejects.toMatchObject({ code: 'invalid-input' });
  const entry = await recordFilteringChange(env.deps, technician, 'block', `https://badsite.example/games because it got through closes ${breach.reference.toLowerCase()}`);
  expect(entry).toMatchObject({ kind: 'block', what: 'badsite.example/games', why: 'it got through', incidentId: breach.id });
  const log = await readFilteringLog(env.deps, lead);
  expect(log.lines[0]).toContain(`closes ${breach.reference}`);
  const [row] = parse(log.csv, { columns: true }) as Array<Record<string, string>>;
  expect(row?.incident).toBe(breach.reference);
  expect(await audits('filtering.block')).toEqual(['ok']);
});
