/**
 * Bringing a colleague in: a lead shares a case read-only or with a task until a date; the colleague may
 * read the full record (and do their task) while it lasts and nothing else; after the date or a revoke
 * a read is refused and audited; never anyone who may be the subject; bad input changes nothing.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { notePerson } from '../../src/core/aup/register-people';
import { openChildFile } from '../../src/core/casefile/open-child-file';
import { doSharedTask, openShareForm, revokeShare, shareCandidates, shareCase } from '../../src/core/casefile/share-case';
import { sharingSection } from '../../src/core/casefile/sharing-section';
import type { CoreDeps } from '../../src/core/deps';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import { actOnIncident, readFullRecord } from '../../src/core/incidents/act-on-incident';
import type { Incident } from '../../src/core/incidents/incident';
import { remindOverdueTasks } from '../../src/core/incidents/remind-overdue-tasks';
import { updateTask } from '../../src/core/incidents/update-task';
import { findSchool } from '../../src/core/people/resolve-school';
import type { School } from '../../src/core/policy/schema';
import { ADELE, ALEX, CLASS_TEACHER, SCHOOL, incident } from '../builders/case-file-incidents';
import { tempDeps } from '../builders/temp-store';

let env: Awaited<ReturnType<typeof tempDeps>>;
let deps: CoreDeps;
let school: School;
beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-01T10:00:00Z'));
  deps = env.deps;
  school = findSchool(deps.pack, SCHOOL) as School;
  await deps.store.create('incidents', incident(1, 'online-bullying-of-pupil', 'Online bullying of a pupil', '2026-11-30T09:00:00.000Z'));
  // The class teacher is on the register (they have talked to the bot), with no role in the pack.
  await notePerson(deps, { schoolId: SCHOOL, platform: 'teams', userId: CLASS_TEACHER.userId, name: CLASS_TEACHER.name });
});
afterEach(() => env.cleanup());

const ref = { schoolId: SCHOOL, incidentId: 'inc-1' };
const teacherKey = async () =>
  (await shareCandidates(deps, school, (await deps.store.get<Incident>('incidents', SCHOOL, 'inc-1')) as Incident, ALEX)).find((c) => c.name === 'Sam Teacher')?.key as string;
const share = async (values: Record<string, unknown>) =>
  shareCase(deps, ALEX, { ...ref, values: { person: await teacherKey(), until: '2027-01-31', reason: 'Class teacher: watch for signs in class.', ...values } });
const audits = async (action: string) => deps.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: action }] });

it('shared read-only: the colleague reads the full record until the date, and nothing else; after it, the read is refused and audited', async () => {
  await expect(readFullRecord(deps, CLASS_TEACHER, ref)).rejects.toMatchObject({ code: 'not-permitted' });
  const { incident: saved, share: made } = await share({ access: 'read' });
  expect(made).toMatchObject({ access: 'read', until: '2027-01-31', person: { name: 'Sam Teacher' } });
  expect(saved.chronology.at(-1)).toMatchObject({ action: 'shared', detail: expect.stringContaining('Shared with Sam Teacher until 31 Jan 2027 (read only)') });

  expect((await readFullRecord(deps, CLASS_TEACHER, ref)).id).toBe('inc-1');
  // A share lets them read, not act: no note, no lead's action, no child's file.
  await expect(actOnIncident(deps, CLASS_TEACHER, { ...ref, action: 'add-note', values: { note: 'hi' } })).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(actOnIncident(deps, CLASS_TEACHER, { ...ref, action: 'acknowledge' })).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(openChildFile(deps, CLASS_TEACHER, { schoolId: SCHOOL, pupilId: 'pupil:upn:A123456789012' })).rejects.toMatchObject({ code: 'not-permitted' });

  // The colleague is told in their 1:1 through the outbox.
  const told = await deps.store.get<OutboxMessage>('outbox', SCHOOL, 'inc-1:share:share-1');
  expect(told).toMatchObject({ message: 'case-shared', shareId: 'share-1', to: { kind: 'holder', holder: { teamsUserId: 'aad-teacher' } } });

  // The last day still counts (London time); the next morning it has ended.
  env.clock.set(new Date('2027-01-31T23:30:00Z'));
  expect((await readFullRecord(deps, CLASS_TEACHER, ref)).id).toBe('inc-1');
  env.clock.set(new Date('2027-02-01T08:00:00Z'));
  await expect(readFullRecord(deps, CLASS_TEACHER, ref)).rejects.toMatchObject({ code: 'not-permitted' });
  const reads = await audits('incident.full-record');
  expect(reads.map((e) => `${e.actor.userId}:${e.outcome}`)).toEqual(['aad-teacher:refused', 'aad-teacher:ok', 'aad-teacher:ok', 'aad-teacher:refused']);
});

it('revoke ends it at once, for a lead only; the section lists it as past with who revoked it', async () => {
  await share({ access: 'read' });
  await expect(revokeShare(deps, CLASS_TEACHER, { ...ref, shareId: 'share-1' })).rejects.toMatchObject({ code: 'not-permitted' });
  const revoked = await revokeShare(deps, ALEX, { ...ref, shareId: 'share-1' });
  expect(revoked.shares?.[0]?.revokedAt).toBeDefined();
  expect(revoked.chronology.at(-1)?.action).toBe('share-revoked');
  await expect(readFullRecord(deps, CLASS_TEACHER, ref)).rejects.toMatchObject({ code: 'not-permitted' });
  await expect(revokeShare(deps, ALEX, { ...ref, shareId: 'share-1' })).rejects.toMatchObject({ code: 'share-ended' });
  const section = await sharingSection(deps, school, revoked, ALEX);
  expect(section?.lines[0]?.text).toMatch(/^Sam Teacher: read only, revoked by Alex Wilber/);
  expect(section?.actions.map((a) => a.action)).toEqual(['share-open-form']);
  expect(await sharingSection(deps, school, revoked, CLASS_TEACHER)).toBeUndefined();
  expect((await audits('incident.share-revoke')).map((e) => e.outcome)).toEqual(['refused', 'ok']);
});

it('with a task: the colleague marks it done while the share lasts; nobody else can through the share', async () => {
  const { incident: saved } = await share({ access: 'task', taskText: 'Check in with the pupil each morning.', taskDue: '2026-12-04' });
  const task = saved.tasks.find((t) => t.id === 'share-1-task');
  expect(task).toMatchObject({ text: 'Check in with the pupil each morning.', ownerName: 'Sam Teacher', due: '2026-12-04T17:00:00.000Z' });
  const done = await doSharedTask(deps, CLASS_TEACHER, { ...ref, shareId: 'share-1' });
  expect(done.incident.tasks.find((t) => t.id === 'share-1-task')).toMatchObject({ status: 'done', closedBy: { userId: 'aad-teacher' } });
  expect(done.incident.chronology.at(-1)?.action).toBe('task-done');
  // A second shared task after expiry cannot be marked.
  await revokeShare(deps, ALEX, { ...ref, shareId: 'share-1' });
  await share({ access: 'task', taskText: 'Another', taskDue: '2026-12-04', until: '2026-12-05' });
  env.clock.set(new Date('2026-12-07T09:00:00Z'));
  await expect(updateTask(deps, CLASS_TEACHER, { ...ref, taskId: 'share-2-task', action: 'task-done' })).rejects.toMatchObject({ code: 'not-permitted' });
});

it('never the subject: a staff matter led by the head cannot be shared with the DSL it may be about', async () => {
  const aboutDsl = incident(2, 'adult-misuse-of-school-it', 'Adult misuse of school IT', '2026-11-30T09:00:00.000Z', {
    subject: 'dsl',
    routing: { ...incident(2, 'x', 'x', '').routing, actingRoles: ['head'], excludedRoles: ['dsl', 'esafety-lead'], excludedPeople: ['alexw@example.com'] },
  });
  await deps.store.create('incidents', aboutDsl);
  const r = { schoolId: SCHOOL, incidentId: 'inc-2' };
  // The DSL cannot share (or even open the form): they may be who it is about.
  await expect(openShareForm(deps, ALEX, r)).rejects.toMatchObject({ code: 'not-permitted' });
  const form = await openShareForm(deps, ADELE, r);
  expect(form.people.map((p) => p.name)).not.toContain('Alex Wilber');
  expect(form.people.map((p) => p.name)).not.toContain('Adele Vance');
  await expect(shareCase(deps, ADELE, { ...r, values: { person: 'alexw@example.com', until: '2027-01-31', reason: 'x' } })).rejects.toMatchObject({
    fieldErrors: { person: expect.stringContaining('may be who it is about') },
  });
  expect((await deps.store.get<Incident>('incidents', SCHOOL, 'inc-2'))?.shares).toBeUndefined();
  const refused = (await audits('incident.share')).filter((e) => e.outcome === 'refused');
  expect(refused.map((e) => e.actor.userId)).toEqual(['user-id-0', 'user-id-2']);
});

it('bad input gets a clear answer and changes nothing: a past, impossible or too distant date, a missing reason, a tampered person', async () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ until: '2026-11-30' }, 'until', /cannot be in the past/],
    [{ until: '2027-02-30' }, 'until', /not a real date/],
    [{ until: '2028-06-01' }, 'until', /a year from today/],
    [{ until: '' }, 'until', /choose the date it ends/],
    [{ reason: '   ' }, 'reason', /why they need to know/],
    [{ reason: 'x'.repeat(5000) }, 'reason', /under 2000/],
    [{ person: 'someone@evil.example' }, 'person', /from the list/],
    [{ access: 'lead' }, 'access', /read only or with a task/],
    [{ access: 'task', taskText: '' }, 'taskText', /the task/],
    [{ access: 'task', taskText: 'Do it', taskDue: '2027-03-01' }, 'taskDue', /the day the share ends/],
  ];
  for (const [values, field, words] of cases) {
    const error = await share(values).catch((e) => e);
    expect([field, error.fieldErrors?.[field]]).toEqual([field, expect.stringMatching(words)]);
  }
  const after = await deps.store.get<Incident>('incidents', SCHOOL, 'inc-1');
  expect(after?.shares).toBeUndefined();
  expect(after?.chronology).toEqual([]);
  expect(await deps.store.get('outbox', SCHOOL, 'inc-1:share:share-1')).toBeUndefined();
});

it('one live share per colleague; the teacher cannot share', async () => {
  await share({});
  await expect(share({})).rejects.toMatchObject({ code: 'already-shared' });
  await expect(shareCase(deps, CLASS_TEACHER, { ...ref, values: {} })).rejects.toMatchObject({ code: 'not-permitted' });
});

it('a shared task past its due day reminds the colleague (in school hours), and stops once the share has ended', async () => {
  await share({ access: 'task', taskText: 'Check in with the pupil each morning.', taskDue: '2026-12-02', until: '2026-12-04' });
  const reminders = async () => (await deps.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL })).filter((m) => m.message === 'task-reminder' && m.taskIds?.includes('share-1-task'));
  env.clock.set(new Date('2026-12-03T10:00:00Z'));
  await remindOverdueTasks(deps);
  const first = await reminders();
  expect(first).toHaveLength(1);
  expect(first[0]?.to).toMatchObject({ kind: 'holder', holder: { name: 'Sam Teacher' } });
  // The share ends on the 4th: on the 7th the colleague is no longer reminded of a task they can no longer mark.
  env.clock.set(new Date('2026-12-07T10:00:00Z'));
  await remindOverdueTasks(deps);
  expect(await reminders()).toHaveLength(1);
});
