/**
 * What was decided and done, in Teams, through real Activity JSON posted to /api/messages: the full
 * record's decisions section and its buttons, each form and its save (stored as fields, in the
 * chronology and the audit), a refused value bringing the form back, a teacher refused and audited,
 * a referral's follow-up task, reopening a closed incident and changing its type.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import { conversation, executeActions } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { GROOMING, cardNodes, cardTexts, pressCard, reportInTeams } from '../builders/teams-report';

const env = useTeamsBot('2026-11-23T10:00:00Z');
const dslChat = conversation('personal', 'a:dsl-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');

const store = () => env.harness.bot.deps.store;
const incident = async () => (await store().query<Incident>('incidents', {}))[0] as Incident;
const decisionAudits = async () => (await store().query<AuditEvent>('audit', {})).filter((a) => a.action.startsWith('incident.decision.'));
const press = async (user = DSL, verb: string, data: Record<string, unknown>) =>
  (await pressCard(env.harness.bot.url, env.connector.url, user, user === DSL ? dslChat : teacherChat, verb, data)).value;
const button = (card: unknown, verb: string, title?: string) => executeActions(card).find((a) => a.verb === verb && (!title || a.title === title));

async function fullRecord() {
  await reportInTeams(env.harness.bot.url, env.connector.url, TEACHER, teacherChat, GROOMING);
  const { id, schoolId } = await incident();
  return press(DSL, 'full-record', { schoolId, incidentId: id });
}

/** Presses a decisions button on the record, fills its form and saves; returns the card that comes back. */
async function decide(record: unknown, label: string, values: Record<string, string>, user = DSL) {
  const open = executeActions(record).find((a) => a.title === label);
  expect(open).toBeDefined();
  const form = await press(user, String(open?.verb), open?.data ?? {});
  const save = button(form, 'decision-save');
  expect(save).toBeDefined();
  return { form, result: await press(user, 'decision-save', { ...save?.data, ...values }) };
}

it('the full record shows "What was decided and done" with its buttons; parents informed is saved as fields and the record is redrawn', async () => {
  const record = await fullRecord();
  const texts = cardTexts(record);
  expect(texts).toContain('What was decided and done');
  expect(texts).toContain('Nothing recorded yet about parents or carers, sanctions, referral details or the LADO.');
  const labels = executeActions(record).map((a) => a.title);
  expect(labels).toEqual(expect.arrayContaining(['Parents informed', 'Parents not told', 'Sanction', 'LADO contact', 'Change type']));
  expect(labels).not.toContain('Reopen');

  const { form, result } = await decide(record, 'Parents informed', { on: '2026-11-23', toldBy: 'Alex Wilber', method: 'in-person', note: 'Met mum at pick-up.' });
  expect(cardTexts(form)).toContain('Parents or carers informed');
  // The form offers the ways parents are told, and starts with today and the person recording it.
  expect(cardNodes(form, (o) => o.id === 'method')[0].choices.map((c: any) => c.title)).toEqual(['By phone', 'In person', 'By letter', 'By email', 'Another way']);
  expect(cardNodes(form, (o) => o.id === 'on')[0].value).toBe('2026-11-23');
  expect(cardNodes(form, (o) => o.id === 'toldBy')[0].value).toBe('Alex Wilber');

  expect(cardTexts(result)).toContain('Parents or carers informed: in person, on Mon 23 Nov 2026, by Alex Wilber');
  expect(cardTexts(result)).toContain('Met mum at pick-up.');
  const saved = await incident();
  expect(saved.parents).toEqual([expect.objectContaining({ kind: 'informed', on: '2026-11-23', method: 'in-person', toldBy: 'Alex Wilber', note: 'Met mum at pick-up.' })]);
  expect(saved.chronology.filter((c) => c.action === 'parents-informed')).toHaveLength(1);
  expect((await decisionAudits()).map((a) => [a.action, a.outcome, a.detail])).toEqual([['incident.decision.parents-informed', 'ok', 'method=in-person']]);
});

it('a sanction: the form lists the school table, a future day brings the form back with what was typed, then it saves', async () => {
  const record = await fullRecord();
  const open = button(record, 'decision-sanction');
  const form = await press(DSL, 'decision-sanction', open?.data ?? {});
  expect(cardTexts(form)).toEqual(expect.arrayContaining(['Sanction (pupil)', expect.stringMatching(/^Category D: serious or possibly criminal misuse: /)]));
  const actions = cardNodes(form, (o) => o.id === 'actions')[0];
  expect(actions.isMultiSelect).toBe(true);
  const warning = actions.choices.find((c: any) => c.title === 'Warning recorded').value;
  const save = button(form, 'decision-save');
  const again = await press(DSL, 'decision-save', { ...save?.data, category: 'A', actions: warning, on: '2026-11-24' });
  expect(cardTexts(again)).toContain('That day is in the future: please choose today or an earlier day.');
  expect(cardNodes(again, (o) => o.id === 'category')[0].value).toBe('A');
  expect((await incident()).sanctions).toBeUndefined();

  const result = await press(DSL, 'decision-save', { ...save?.data, category: 'A', actions: warning, on: '2026-11-23' });
  expect(cardTexts(result)).toContain('Sanction (pupil): Category A: low-level misuse, on Mon 23 Nov 2026');
  expect((await incident()).sanctions?.[0]).toMatchObject({ category: 'A', actions: ['Warning recorded'] });
});

it('referral details after a referral: reference, advice, outcome, and a follow-up day that becomes a task on the record', async () => {
  await fullRecord();
  const { id, schoolId } = await incident();
  await press(DSL, 'refer', { schoolId, incidentId: id, agency: 'police' });
  const record = await press(DSL, 'full-record', { schoolId, incidentId: id });
  const { result } = await decide(record, 'Referral details', {
    referredOn: '2026-11-23',
    referenceNumber: 'CAD 4471',
    advice: 'Keep the device.',
    outcome: 'Under investigation.',
    followUpOn: '2026-11-30',
  });
  const texts = cardTexts(result);
  expect(texts.some((t) => t.startsWith('Referral to') && t.includes('reference CAD 4471') && t.includes('follow up on Mon 30 Nov 2026'))).toBe(true);
  expect(JSON.stringify(result)).toContain('Follow up the referral to');
  const saved = await incident();
  expect(saved.referrals[0]).toMatchObject({ agency: 'police', referenceNumber: 'CAD 4471', advice: 'Keep the device.', outcome: 'Under investigation.', followUpOn: '2026-11-30' });
  expect(saved.tasks.find((t) => t.id === saved.referrals[0]?.followUpTaskId)).toMatchObject({ status: 'open', ownerName: 'Alex Wilber' });
});

it('a teacher cannot open or save a decision form: refused in plain words, audited, nothing changed', async () => {
  await fullRecord();
  const { id, schoolId } = await incident();
  const opened = await press(TEACHER, 'decision-lado', { schoolId, incidentId: id });
  expect(opened).toContain('Your attempt has been recorded');
  const saved = await press(TEACHER, 'decision-save', { schoolId, incidentId: id, ref: 'parents-not-told', reason: 'x' });
  expect(saved).toContain('Your attempt has been recorded');
  expect((await decisionAudits()).map((a) => [a.action, a.outcome])).toEqual([
    ['incident.decision.lado', 'refused'],
    ['incident.decision.parents-not-told', 'refused'],
  ]);
  expect((await incident()).parents).toBeUndefined();
});

it('a tampered form is refused with nothing changed', async () => {
  await fullRecord();
  const { id, schoolId } = await incident();
  const before = await incident();
  expect(await press(DSL, 'decision-save', { schoolId, incidentId: id, ref: 'sanction:3', category: 'A' })).toBe("This form's details were not recognised, so nothing was changed.");
  expect(await press(DSL, 'decision-save', { schoolId, incidentId: id, ref: 'x/../y' })).toBe("This card's details were not recognised, so nothing was changed.");
  expect(cardTexts(await press(DSL, 'decision-save', { schoolId, incidentId: id, ref: 'parents-not-told', reason: 'x'.repeat(5000) }))).toContain('Please keep the reason under 2000 characters.');
  expect(await incident()).toEqual(before);
});

it('close, then Reopen (the only button on a closed record), then Change type: the card says the routing was not worked out again', async () => {
  await fullRecord();
  const { id, schoolId } = await incident();
  await press(DSL, 'close', { schoolId, incidentId: id, outcome: 'Parents told; the account was blocked.' });
  const closed = await press(DSL, 'full-record', { schoolId, incidentId: id });
  const decisionButtons = executeActions(closed).filter((a) => a.verb.startsWith('decision-'));
  expect(decisionButtons.map((a) => a.title)).toEqual(['Reopen']);
  const { result: reopened } = await decide(closed, 'Reopen', { reason: 'The contact started again.' });
  expect((await incident()).status).toBe('in-progress');
  expect(cardTexts(reopened).some((t) => t.startsWith('Reopened by Alex Wilber'))).toBe(true);

  const typeButton = button(reopened, 'decision-type');
  const form = await press(DSL, 'decision-type', typeButton?.data ?? {});
  expect(cardTexts(form)).toContain(
    'The people already told and the tasks stay as they are: the bot does not work out again who must know. If someone else must now know or act, assign it or share the case with them.',
  );
  const save = button(form, 'decision-save');
  const result = await press(DSL, 'decision-save', { ...save?.data, procedure: 'online-sexual-abuse-exploitation', reason: 'The adult asked for images.' });
  const saved = await incident();
  expect(saved.procedureId).toBe('online-sexual-abuse-exploitation');
  expect(saved.typeChanges?.[0]?.from.procedureId).toBe('grooming-inappropriate-contact');
  expect(cardTexts(result).some((t) => t.startsWith('Type changed from'))).toBe(true);
  expect((await decisionAudits()).map((a) => a.action)).toEqual(['incident.decision.reopen', 'incident.decision.type']);
});

it('parents not told (with the reason) and LADO contact, saved from their forms; the latest parents entry is what the record shows', async () => {
  const record = await fullRecord();
  await decide(record, 'Parents informed', { on: '2026-11-23', toldBy: 'Alex Wilber', method: 'phone' });
  const { result } = await decide(record, 'Parents not told', { reason: 'Advised by social care not to tell them yet.' });
  expect(cardTexts(result)).toContain('Advised by social care not to tell them yet.');
  expect(cardTexts(result).some((t) => t.startsWith('Parents or carers not told: decided by Alex Wilber') && t.endsWith('(1 earlier entry in the chronology)'))).toBe(true);
  const { form, result: lado } = await decide(record, 'LADO contact', { on: '2026-11-23', officer: 'Pat Officer', advice: 'Hold off speaking to the adult.', referenceNumber: 'LADO/2026/31' });
  expect(cardTexts(form)).toContain('Contact with the LADO');
  expect(cardTexts(lado)).toContain('LADO contact: Pat Officer, on Mon 23 Nov 2026, reference LADO/2026/31');
  const saved = await incident();
  expect(saved.parents?.map((p) => p.kind)).toEqual(['informed', 'not-told']);
  expect(saved.ladoContacts?.[0]).toMatchObject({ officer: 'Pat Officer', referenceNumber: 'LADO/2026/31', advice: 'Hold off speaking to the adult.' });
  // The bot's own entries (who was reached) may fall between them as deliveries finish.
  const decided = saved.chronology.filter((c) => ['parents-informed', 'parents-not-told', 'lado-contact'].includes(c.action));
  expect(decided.map((c) => c.action)).toEqual(['parents-informed', 'parents-not-told', 'lado-contact']);
  expect((await decisionAudits()).map((a) => a.action)).toEqual(['incident.decision.parents-informed', 'incident.decision.parents-not-told', 'incident.decision.lado']);
});
