/**
 * The child's file through the real Teams entry point: `pupil <name>` in the 1:1 chat as the DSL (one
 * match, several, none), its "Full record" and "Older entries" buttons, refused for a teacher and in a
 * channel (nothing about the child shown), each open and refusal audited.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { CoreDeps } from '../../src/core/deps';
import { SCHOOL, incident, linkPupil, pupil } from '../builders/case-file-incidents';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL as dsl, TEACHER as teacher, useTeamsBot } from '../builders/teams-harness';
import { cardProblems } from './teams-card-fixtures';

const env = useTeamsBot('2026-12-01T10:00:00Z');
const dslChat = conversation('personal', 'a:dsl-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');
const channel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const JAMIE = 'pupil:upn:A123456789012';
const by = { platform: 'teams' as const, userId: 'user-id-0', name: 'Alex Wilber' };

const deps = (): CoreDeps => env.harness.bot.deps;
const cardOf = (activity: any) => activity?.attachments?.[0]?.content;
async function say(user: TeamsUser, conv: ReturnType<typeof conversation>, text: string) {
  const res = await post(env.harness.bot.url, messageActivity(env.connector.url, user, conv, text));
  return cardOf(res.body?.activities?.[0]);
}
async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(env.harness.bot.url, actionActivity(env.connector.url, user, conv, verb, data));
  return res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
}
const audits = async () => deps().store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'pupil.file-open' }] });

async function seed(notes = 2) {
  await deps().store.create('pupils', pupil(JAMIE, 'Jamie', 'Smithers'));
  await deps().store.create('pupils', pupil('pupil:upn:B123456789012', 'Olly', 'Other'));
  const chronology = Array.from({ length: notes }, (_, i) => ({ at: new Date(Date.parse('2026-10-02T10:00:00Z') + i * 60_000).toISOString(), by, action: 'note', detail: `Note number ${i + 1}` }));
  const bullying = incident(1, 'online-bullying-of-pupil', 'Online bullying of a pupil', '2026-10-01T09:00:00.000Z', { chronology });
  const hate = incident(2, 'online-hate', 'Online hate', '2026-11-20T09:00:00.000Z', { chronology: [{ at: '2026-11-21T09:00:00.000Z', by, action: 'parents-informed', detail: 'By phone' }] });
  const olly = incident(3, 'online-hate', 'Online hate', '2026-11-22T09:00:00.000Z', { chronology: [{ at: '2026-11-22T10:00:00.000Z', by, action: 'note', detail: 'ONLY-ABOUT-OLLY' }] });
  for (const i of [bullying, hate, olly]) await deps().store.create('incidents', i);
  await linkPupil(deps(), bullying, JAMIE, 'harmed');
  await linkPupil(deps(), hate, JAMIE, 'instigator');
  await linkPupil(deps(), olly, 'pupil:upn:B123456789012', 'harmed');
}

it('the DSL types "pupil smithers" in the 1:1 chat and sees the file; Full record opens an incident; the open is audited', async () => {
  await seed();
  const card = await say(dsl, dslChat, 'pupil smithers');
  const text = JSON.stringify(card);
  expect(cardProblems(card)).toEqual([]);
  expect(text).toContain('Jamie Smithers');
  expect(text).toContain('ES-2026-0001: Online bullying of a pupil. Harmed or at risk.');
  expect(text).toContain('ES-2026-0002: Online hate. Instigator.');
  expect(text).toContain('Note number 2');
  expect(text).toContain('Parents or carers informed');
  expect(text).not.toContain('ONLY-ABOUT-OLLY');
  expect(text).not.toContain('ES-2026-0003');
  // Newest first: the parents' entry (November) comes before the October notes.
  expect(text.indexOf('Parents or carers informed')).toBeLessThan(text.indexOf('Note number 2'));
  const fullRecord = executeActions(card).find((a) => a.verb === 'full-record' && a.data.incidentId === 'inc-2');
  expect(fullRecord?.title).toBe('Full record');
  const record = await press(dsl, dslChat, 'full-record', fullRecord!.data);
  expect(JSON.stringify(record)).toContain('ES-2026-0002: Online hate');
  expect((await audits()).map((e) => [e.outcome, e.detail])).toEqual([['ok', JAMIE]]);
});

it('several matches give a choice by name, year and class; none is said plainly', async () => {
  await seed();
  await deps().store.create('pupils', pupil('pupil:upn:C123456789012', 'Jamie', 'Jones', { yearGroup: '3', registrationGroup: '3A' }));
  const choice = await say(dsl, dslChat, 'pupil jamie');
  expect(cardProblems(choice)).toEqual([]);
  const buttons = executeActions(choice).filter((a) => a.verb === 'pupil-file-open');
  expect(buttons.map((b) => b.title)).toEqual(['Jamie Jones, Year 3, 3A', 'Jamie Smithers, Year 5, 5C']);
  expect(buttons.every((b) => Object.keys(b.data).sort().join() === 'ref,schoolId')).toBe(true);
  const file = await press(dsl, dslChat, 'pupil-file-open', buttons[1]!.data);
  expect(JSON.stringify(file)).toContain('ES-2026-0001');
  const none = await say(dsl, dslChat, 'pupil zebedee');
  expect(JSON.stringify(none)).toContain('No pupil on the register matches');
});

it('a long file pages: Older entries shows the earlier ones, and every page fits a Teams message', async () => {
  await seed(120);
  const first = await say(dsl, dslChat, 'pupil smithers');
  expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(28 * 1024);
  expect(JSON.stringify(first)).toContain('Note number 120');
  expect(JSON.stringify(first)).not.toContain('Note number 1"');
  const older = executeActions(first).find((a) => a.verb === 'pupil-file-older');
  expect(older?.title).toBe('Older entries');
  let page = first;
  let next = older;
  const seen = new Set<string>();
  for (let i = 0; next && i < 20; i++) {
    page = await press(dsl, dslChat, 'pupil-file-older', next.data);
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(28 * 1024);
    for (const m of JSON.stringify(page).matchAll(/Note number (\d+)/g)) seen.add(m[1]!);
    next = executeActions(page).find((a) => a.verb === 'pupil-file-older');
  }
  expect(JSON.stringify(page)).toContain('Online bullying of a pupil reported');
  expect(seen.has('1')).toBe(true);
});

it('a teacher is refused and audited; in a channel the DSL is told to use the 1:1 chat and nothing about the child is shown', async () => {
  await seed();
  const refused = JSON.stringify(await say(teacher, teacherChat, 'pupil smithers'));
  expect(refused).toContain('Your attempt has been recorded');
  expect(refused).not.toContain('Jamie');
  const inChannel = JSON.stringify(await say(dsl, channel, '<at>eSafety</at> pupil smithers'));
  expect(inChannel).toContain('1:1 chat');
  expect(inChannel).not.toContain('Jamie');
  expect(inChannel).not.toContain('ES-2026');
  const pressed = JSON.stringify(await press(dsl, channel, 'pupil-file-open', { schoolId: SCHOOL, ref: JAMIE }));
  expect(pressed).toContain('1:1 chat');
  expect(pressed).not.toContain('Jamie');
  // A tampered reference opens nothing.
  expect(JSON.stringify(await press(dsl, dslChat, 'pupil-file-open', { schoolId: SCHOOL, ref: 'pupil:upn:../../x' }))).toContain('not recognised');
  expect((await audits()).map((e) => [e.actor.userId, e.outcome, e.detail])).toEqual([
    ['aad-teacher', 'refused', 'search'],
    [dsl.aadObjectId, 'refused', 'not-private'],
    [dsl.aadObjectId, 'refused', 'not-private'],
  ]);
});

it("the full record's Open file button opens the child's file in the 1:1 chat", async () => {
  await seed();
  const record = await press(dsl, dslChat, 'full-record', { schoolId: SCHOOL, incidentId: 'inc-1' });
  const open = executeActions(record).find((a) => a.verb === 'pupil-file-open');
  expect(open?.data).toMatchObject({ schoolId: SCHOOL, incidentId: 'inc-1', ref: JAMIE });
  const file = JSON.stringify(await press(dsl, dslChat, 'pupil-file-open', open!.data));
  expect(file).toContain('Incidents naming this child');
  expect(file).toContain('ES-2026-0002: Online hate. Instigator.');
});
