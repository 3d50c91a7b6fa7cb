/**
 * The full record's pupils section in Teams, through /api/messages: the DSL (a lead) sees the linked
 * pupils with their parts, changes a part, takes a pupil off and adds one, each with a reason kept in the
 * link's history, the chronology and the audit (no names in either); a teacher who is not a lead is
 * refused and audited; a save without a reason changes nothing.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import { type PupilLink, linkIdFor } from '../../src/core/pupils/pupil-link';
import { PRIYA, SAM, TOM, seedRegister } from '../builders/pupil-register';
import { conversation, executeActions } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { cardNodes, cardTexts, pressCard } from '../builders/teams-report';
import { teacher, walkReport } from '../builders/walk-wizard';
import { cardProblems } from './teams-card-fixtures';

const env = useTeamsBot('2026-11-23T10:00:00Z');
const dslChat = conversation('personal', 'a:dsl-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');
const SCHOOL = 'oakfield-primary';

const as =
  (user: typeof DSL, conv = dslChat) =>
  async (verb: string, data: Record<string, unknown>) => {
    const body = await pressCard(env.harness.bot.url, env.connector.url, user, conv, verb, data);
    return typeof body?.value === 'string' ? body.value : body?.value;
  };
const text = (card: unknown) => (typeof card === 'string' ? card : cardTexts(card).join(' | '));
const button = (card: unknown, title: string) => executeActions(card).find((a) => a.title === title);
const store = () => env.harness.bot.deps.store;

async function reported(): Promise<Incident> {
  await seedRegister(env.harness.bot.deps);
  const { outcome } = await walkReport(env.harness.bot.deps, 'online-bullying-of-pupil', {
    pupils: [
      { pupilId: SAM, part: 'harmed' },
      { pupilId: TOM, part: 'instigator' },
    ],
  });
  if (outcome.kind !== 'submitted') throw new Error('not submitted');
  return outcome.incident;
}

test('a lead changes a part, removes a pupil and adds one, each with a reason kept in the history, the chronology and the audit', async () => {
  const incident = await reported();
  const ids = { schoolId: SCHOOL, incidentId: incident.id };
  const dsl = as(DSL);
  let card = await dsl('full-record', ids);
  expect(text(card)).toContain('Pupils');
  expect(text(card)).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
  expect(text(card)).toContain('Tom Okafor (Year 6, 6R): Instigator');
  // Two pupils: one row of buttons (Teams draws at most five), each form asks which pupil.
  expect(cardProblems(card)).toEqual([]);
  expect(button(card, 'Add a pupil')).toMatchObject({ verb: 'pupil-link-add' });

  // Change Sam's part: without a reason nothing changes; with one it is saved.
  card = await dsl('pupil-link-change', { ...button(card, 'Change a part')?.data });
  expect(cardProblems(card)).toEqual([]);
  expect(cardNodes(card, (o) => o.id === 'linkedPupil')[0]?.choices).toEqual([
    { title: 'Sam Carter (Year 5, 5C): Harmed or at risk', value: SAM },
    { title: 'Tom Okafor (Year 6, 6R): Instigator', value: TOM },
  ]);
  const save = button(card, 'Change part')?.data ?? {};
  card = await dsl('pupil-link-save', { ...save, linkedPupil: SAM, part: 'witness', reason: '' });
  expect(text(card)).toContain('Please say why');
  expect((await store().get<PupilLink>('links', SCHOOL, linkIdFor(incident.id, SAM)))?.part).toBe('harmed');
  card = await dsl('pupil-link-save', { ...save, linkedPupil: 'pupil:upn:Z999999999999', part: 'witness', reason: 'x' });
  expect(text(card)).toContain('Please choose one of the pupils on this incident.');
  card = await dsl('pupil-link-save', { ...save, linkedPupil: SAM, part: 'witness', reason: 'He saw it happen; the messages were sent to Tom.' });
  expect(text(card)).toContain('Sam Carter (Year 5, 5C): Witness');
  const sam = await store().get<PupilLink>('links', SCHOOL, linkIdFor(incident.id, SAM));
  expect(sam?.part).toBe('witness');
  expect(sam?.history).toEqual([
    expect.objectContaining({ from: 'harmed', to: 'witness', reason: 'He saw it happen; the messages were sent to Tom.', by: expect.objectContaining({ name: 'Alex Wilber' }) }),
  ]);

  // Take Tom off: he is no longer listed, and the link keeps that he was.
  card = await dsl('pupil-link-remove', { ...button(card, 'Remove a pupil')?.data });
  card = await dsl('pupil-link-save', { ...button(card, 'Remove')?.data, linkedPupil: TOM, reason: 'Named by mistake: a different Tom.' });
  // One pupil left: the buttons are theirs, with their file.
  expect(button(card, "Open Sam Carter's file")).toMatchObject({ verb: 'pupil-file-open', data: { ...ids, ref: SAM } });
  expect(button(card, 'Change part: Sam Carter')).toMatchObject({ verb: 'pupil-link-change', data: { ...ids, ref: SAM } });
  // The file button opens Sam's file (built by the child's file), and the record is still there to go back to.
  const file = await dsl('pupil-file-open', { ...button(card, "Open Sam Carter's file")?.data });
  expect(text(file)).toContain('Sam Carter');
  expect(text(file)).toContain(incident.reference);
  expect(text(card)).not.toContain('Tom Okafor');
  const tom = await store().get<PupilLink>('links', SCHOOL, linkIdFor(incident.id, TOM));
  expect(tom?.removedAt).toBeDefined();
  expect(tom?.history.at(-1)).toMatchObject({ from: 'instigator', to: 'removed' });

  // Add Priya through the form's search.
  card = await dsl('pupil-link-add', { ...button(card, 'Add a pupil')?.data });
  card = await dsl('pupil-link-search', { ...button(card, 'Search')?.data, pupilQuery: 'shah' });
  expect(cardProblems(card)).toEqual([]);
  card = await dsl('pupil-link-save', { ...button(card, 'Add')?.data, pupilQuery: 'shah', pupilMatch: PRIYA, part: 'instigator', reason: 'She started the group chat.' });
  expect(text(card)).toContain('Priya Shah (Year 5, 5C): Instigator');

  const saved = await store().get<Incident>('incidents', SCHOOL, incident.id);
  const entries = saved?.chronology.filter((c) => c.action.startsWith('pupil-link-')) ?? [];
  expect(entries.map((c) => c.action)).toEqual(['pupil-link-changed', 'pupil-link-removed', 'pupil-link-added']);
  expect(entries[0]?.detail).toBe("A pupil's part changed from Harmed or at risk to Witness. Reason: He saw it happen; the messages were sent to Tom.");
  expect(JSON.stringify(entries)).not.toMatch(/Carter|Okafor|Shah/);
  const audit = await store().query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'incidentId', op: '=', value: incident.id }] });
  const corrections = audit.filter((a) => a.action.startsWith('incident.pupil-link.'));
  expect(corrections.map((a) => [a.action, a.outcome, a.detail])).toEqual(
    expect.arrayContaining([
      ['incident.pupil-link.change', 'ok', 'from=harmed;to=witness'],
      ['incident.pupil-link.remove', 'ok', 'from=instigator'],
      ['incident.pupil-link.add', 'ok', 'to=instigator'],
    ]),
  );
  expect(JSON.stringify(corrections)).not.toMatch(/Carter|Okafor|Shah|mistake|group chat/);
});

test('someone who is not a lead is refused and audited, and nothing changes; a tampered pupil or part changes nothing', async () => {
  const incident = await reported();
  const ids = { schoolId: SCHOOL, incidentId: incident.id };
  const refused = await as(TEACHER, teacherChat)('pupil-link-save', { ...ids, ref: `change:${SAM}`, part: 'other', reason: 'Because.' });
  expect(text(refused)).toContain('Your attempt has been recorded');
  const form = await as(TEACHER, teacherChat)('pupil-link-change', { ...ids, ref: SAM });
  expect(text(form)).toContain('Your attempt has been recorded');
  expect((await store().get<PupilLink>('links', SCHOOL, linkIdFor(incident.id, SAM)))?.part).toBe('harmed');
  const audit = await store().query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'incident.pupil-link.change' }] });
  expect(audit.map((a) => a.outcome)).toEqual(['refused', 'refused']);
  expect(audit.every((a) => a.actor.userId === teacher.userId || a.actor.name === 'Sam Teacher')).toBe(true);

  const dsl = as(DSL);
  let card = await dsl('pupil-link-save', { ...ids, ref: `change:${SAM}`, part: 'ringleader', reason: 'x' });
  expect(text(card)).toContain('Please choose their part');
  card = await dsl('pupil-link-save', { ...ids, ref: 'add', pupilMatch: 'pupil:upn:Z999999999999', part: 'witness', reason: 'x' });
  expect(text(card)).toContain("That pupil is not on this school's register");
  card = await dsl('pupil-link-save', { ...ids, ref: 'add', pupilMatch: SAM, part: 'witness', reason: 'x' });
  expect(text(card)).toContain('already on this incident');
  card = await dsl('pupil-link-save', { ...ids, ref: 'delete:everything' });
  expect(text(card)).toContain('not recognised');
  card = await dsl('pupil-link-save', { ...ids, ref: `change:${SAM}`, part: 'witness', reason: 'y'.repeat(1001) });
  expect(text(card)).toContain('under 1000 characters');
  const links = await store().query<PupilLink>('links', { schoolId: SCHOOL });
  expect(links.map((l) => [l.pupilId, l.part, l.history.length]).sort()).toEqual([
    [SAM, 'harmed', 0],
    [TOM, 'instigator', 0],
  ]);
});

test('a saved correction whose record cannot be drawn again says it is saved, never that nothing was changed', async () => {
  const incident = await reported();
  const dsl = as(DSL);
  let card = await dsl('full-record', { schoolId: SCHOOL, incidentId: incident.id });
  card = await dsl('pupil-link-change', { ...button(card, 'Change a part')?.data });
  const save = button(card, 'Change part')?.data ?? {};
  const real = store().query.bind(store());
  // The redraw reads the incident's messages; that read fails once the correction is saved.
  const failing = jest.spyOn(store(), 'query').mockImplementation((async (collection: string, query: { where?: Array<{ field: string }> }) => {
    if (collection === 'outbox' && query?.where?.some((w) => w.field === 'incidentId')) throw new Error('store unavailable');
    return real(collection as never, query as never);
  }) as never);
  const answer = await dsl('pupil-link-save', { ...save, linkedPupil: SAM, part: 'witness', reason: 'A bystander, not the target.' });
  failing.mockRestore();
  expect((await store().get<PupilLink>('links', SCHOOL, linkIdFor(incident.id, SAM)))?.part).toBe('witness');
  expect(text(answer)).toContain('The correction is saved in the record.');
  expect(text(answer)).toContain('do not save the form again');
  expect(text(answer)).not.toMatch(/nothing (was|has been) changed/i);
});
