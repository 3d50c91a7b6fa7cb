/**
 * The pupil step in Teams, through the real adapter: Activity JSON to /api/messages, the card's own
 * buttons pressed with what their inputs would send. A teacher finds pupils on the register, gives each
 * a part, and the report links them; initials stay possible; tampered ids change nothing; the channel
 * card names nobody.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { Incident } from '../../src/core/incidents/incident';
import type { PupilLink } from '../../src/core/pupils/pupil-link';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { LILY, PRIYA, SAM, TOM, seedRegister } from '../builders/pupil-register';
import { conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';
import { cardNodes, cardTexts, pressCard } from '../builders/teams-report';
import { cardProblems } from './teams-card-fixtures';

const env = useTeamsBot('2026-11-23T10:00:00Z');
const teacherChat = conversation('personal', 'a:teacher-chat');
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const ANSWERS = ['online-bullying-of-pupil', 'no', 'pupils-here', 'comments', 'one-off', 'none', 'no'];

const press = async (verb: string, data: Record<string, unknown>) => (await pressCard(env.harness.bot.url, env.connector.url, TEACHER, teacherChat, verb, data)).value;
const ids = (card: unknown) => executeActions(card).find((a) => a.verb === 'report-cancel')?.data ?? {};
const button = (card: unknown, title: string) => executeActions(card).find((a) => a.title === title);
const text = (card: unknown) => cardTexts(card).join(' | ');

/** Starts a bullying report and answers every card until the pupil step. */
async function toPupilStep(): Promise<any> {
  const started = await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, teacherChat, 'report'));
  let card = started.body?.activities?.[0]?.attachments?.[0]?.content;
  for (let i = 0; i < 15; i++) {
    if (text(card).includes('Which pupils are involved?')) return card;
    const answers = executeActions(card).filter((a) => a.verb === 'report-next' && typeof a.data.choice === 'string' && a.data.choice !== 'danger-now');
    const choice = cardNodes(card, (o) => o.type === 'Input.ChoiceSet' && o.id === 'choice')[0];
    if (answers.length) {
      const pick = answers.find((a) => ANSWERS.includes(String(a.data.choice))) ?? answers[0];
      card = await press('report-next', { ...pick?.data });
    } else if (choice) {
      const offered: string[] = choice.choices.map((c: { value: string }) => c.value);
      card = await press('report-next', { ...ids(card), choice: offered.find((v) => ANSWERS.includes(v)) ?? offered[0] });
    } else {
      card = await press('report-next', { ...ids(card) });
    }
  }
  throw new Error(`never reached the pupil step: ${text(card)}`);
}

const search = async (card: unknown, query: string) => press('report-next', { ...button(card, 'Search')?.data, pupilQuery: query });
const add = async (card: unknown, pupilMatch: string, pupilPart: string) => press('report-next', { ...button(card, 'Add')?.data, pupilMatch, pupilPart });
/** What a tampered card would send: its own ids with "Add" and any pupil id. */
const addAnyway = async (card: unknown, pupilMatch: string, pupilPart: string) => press('report-next', { ...ids(card), choice: 'pupil-add', pupilMatch, pupilPart });
const wizardOf = async (card: unknown) => env.harness.bot.deps.store.get<WizardState>('wizards', 'oakfield-primary', String(ids(card).wizardId));

beforeEach(async () => seedRegister(env.harness.bot.deps));

describe('the pupil step in Teams', () => {
  it('finds pupils by part of a name, adds each with a part, and the report links them once; the channel card names nobody', async () => {
    await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChannel, '<at>eSafety</at> register dsl channel'));
    let card = await toPupilStep();
    expect(cardProblems(card)).toEqual([]);
    expect(text(card)).toContain('Nobody added yet');
    expect(button(card, 'Skip: I will give initials')).toBeDefined();

    card = await search(card, 'cart');
    expect(cardProblems(card)).toEqual([]);
    const matches = cardNodes(card, (o) => o.id === 'pupilMatch')[0].choices;
    expect(matches).toEqual([
      { title: 'Lily Carter (Year 6, 6R)', value: LILY },
      { title: 'Sam Carter (Year 5, 5C)', value: SAM },
    ]);
    expect(cardNodes(card, (o) => o.id === 'pupilPart')[0].choices.map((c: { title: string }) => c.title)).toEqual(['Harmed or at risk', 'Instigator', 'Witness', 'Other']);

    card = await add(card, SAM, 'harmed');
    card = await add(await search(card, '6R'), TOM, 'instigator');
    expect(text(card)).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
    expect(text(card)).toContain('Tom Okafor (Year 6, 6R): Instigator');
    // The wizard keeps ids and parts, never a name.
    const kept = await wizardOf(card);
    expect(kept?.pupils).toEqual([
      { pupilId: SAM, part: 'harmed' },
      { pupilId: TOM, part: 'instigator' },
    ]);
    expect(JSON.stringify(kept)).not.toMatch(/Carter|Okafor/);

    // Back and on again: the choices are kept.
    card = await press('report-back', { ...ids(card) });
    card = await press('report-next', { ...ids(card) });
    expect(text(card)).toContain('Tom Okafor (Year 6, 6R): Instigator');

    card = await press('report-next', { ...button(card, 'Next')?.data });
    expect(text(card)).toContain('The details');
    expect(JSON.stringify(card)).toContain('Any other pupils involved (initials only, e.g. J.S.)');
    card = await press('report-next', { ...ids(card), whenDate: '2026-11-22', whenTime: '19:00', where: 'A group chat', description: 'Unkind messages in a class group chat.' });
    for (let i = 0; i < 3 && !button(card, 'Send report'); i++) card = await press('report-next', { ...ids(card) });
    const review = cardNodes(card, (o) => o.type === 'FactSet').flatMap((f) => f.facts);
    expect(review).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Pupil from the register' })]));
    expect(JSON.stringify(review)).toMatch(/Sam Carter \(Year 5, 5C\)\S*: Harmed or at risk/);
    expect(JSON.stringify(review)).toMatch(/Tom Okafor \(Year 6, 6R\)\S*: Instigator/);

    const send = button(card, 'Send report')?.data ?? {};
    await press('report-submit', send);
    await press('report-submit', send); // a retried submit
    const links = await env.harness.bot.deps.store.query<PupilLink>('links', { schoolId: 'oakfield-primary' });
    expect(links.map((l) => [l.pupilId, l.part]).sort()).toEqual([
      [SAM, 'harmed'],
      [TOM, 'instigator'],
    ]);
    const incident = (await env.harness.bot.deps.store.query<Incident>('incidents', { schoolId: 'oakfield-primary' }))[0];
    expect(links.every((l) => l.incidentId === incident?.id)).toBe(true);
    expect(incident?.chronology.map((c) => c.detail)).toContain('2 pupils from the register linked.');
    expect(JSON.stringify(incident?.chronology)).not.toMatch(/Carter|Okafor/);

    await env.harness.bot.jobs.flush();
    const channelCards = env.connector.calls.filter((c) => c.conversationId.startsWith('19:safeguarding') && c.method === 'POST').map((c) => JSON.stringify(c.body));
    expect(channelCards.length).toBeGreaterThan(0);
    for (const posted of channelCards) expect(posted).not.toMatch(/Carter|Okafor|Priya|Sam C|Tom O/);
  });

  it('keeps initials possible for a child who is not found: skip, then type them', async () => {
    let card = await toPupilStep();
    card = await search(card, 'zzz');
    expect(text(card)).toContain('No current pupil on the register matches that.');
    card = await press('report-next', { ...button(card, 'Skip: I will give initials')?.data });
    expect(text(card)).toContain('The details');
    expect(JSON.stringify(card)).toContain('Pupils involved (initials, required)');
    card = await press('report-next', { ...ids(card), whenDate: '2026-11-22', where: 'Chat', description: 'Unkind messages.' });
    expect(JSON.stringify(card)).toContain('Please fill in');
    card = await press('report-next', { ...ids(card), whenDate: '2026-11-22', where: 'Chat', description: 'Unkind messages.', pupils: 'J.S. 5C' });
    for (let i = 0; i < 3 && !button(card, 'Send report'); i++) card = await press('report-next', { ...ids(card) });
    await press('report-submit', button(card, 'Send report')?.data ?? {});
    expect(await env.harness.bot.deps.store.count('links', { schoolId: 'oakfield-primary' })).toBe(0);
    expect(await env.harness.bot.deps.store.count('incidents', { schoolId: 'oakfield-primary' })).toBe(1);
  });

  it('refuses a tampered or other school pupil id, a removed one and an over-long search, changing nothing; the refusal is audited without names', async () => {
    await seedRegister(env.harness.bot.deps, 'riverside-academy', 'UPN,First name,Last name,Year,Reg\nB123456789012,Other,Child,5,5R');
    let card = await toPupilStep();
    card = await add(await search(card, 'Priya'), PRIYA, 'witness');
    const before = await wizardOf(card);

    for (const tampered of ['pupil:upn:Z999999999999', 'pupil:upn:B123456789012', 'x'.repeat(500)]) {
      card = await addAnyway(card, tampered, 'harmed');
      expect(text(card)).toContain("That pupil is not on this school's register, so nobody was added.");
    }
    card = await addAnyway(card, SAM, 'ringleader');
    expect(text(card)).toContain('Choose their part');
    card = await press('report-next', { ...ids(card), choice: 'pupil-remove:pupil:upn:Z999999999999' });
    expect(text(card)).toContain('That pupil is not on this report, so nothing was removed.');
    card = await search(card, 'a'.repeat(61));
    expect(text(card)).toContain('Type at most 60 characters');

    const after = await wizardOf(card);
    expect(after?.pupils).toEqual(before?.pupils);
    expect(after?.revision).toBe(before?.revision);
    const audit = await env.harness.bot.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'wizard.pupil' }] });
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.outcome === 'refused' && a.detail === before?.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/Priya|Shah|Other Child/);

    // Remove works on the pupil who is on the report.
    card = await press('report-next', { ...button(card, 'Remove')?.data });
    expect(text(card)).toContain('Nobody added yet');
  });

  it('does not show the pupil step to a school without a register', async () => {
    await env.harness.bot.deps.store.delete('pupils', 'oakfield-primary', SAM);
    for (const id of [PRIYA, TOM, LILY]) await env.harness.bot.deps.store.delete('pupils', 'oakfield-primary', id);
    const started = await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, teacherChat, 'report'));
    let card = started.body?.activities?.[0]?.attachments?.[0]?.content;
    const seen: string[] = [];
    for (let i = 0; i < 15 && !text(card).includes('The details'); i++) {
      seen.push(text(card));
      const answers = executeActions(card).filter((a) => a.verb === 'report-next' && typeof a.data.choice === 'string' && a.data.choice !== 'danger-now');
      const pick = answers.find((a) => ANSWERS.includes(String(a.data.choice))) ?? answers[0];
      card = pick ? await press('report-next', { ...pick.data }) : await press('report-next', { ...ids(card), choice: 'online-bullying-of-pupil' });
    }
    expect(text(card)).toContain('The details');
    expect(seen.join(' ')).not.toContain('Which pupils are involved?');
  });
});
