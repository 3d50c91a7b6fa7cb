/**
 * `cases` in Teams through real Activity JSON: the open cases the DSL may lead, overdue tasks first,
 * then urgent, then safeguarding, oldest first; closed cases and cases others lead left out; narrowed by
 * pupil (through links), by typed type words and by the card's type choice; Full record on each line;
 * refused in a channel.
 */
import type { Incident } from '../../src/core/incidents/incident';
import { linkIdFor, type PupilLink } from '../../src/core/pupils/pupil-link';
import { storePupils, ZOE } from '../builders/child-file-fixtures';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';

const dslChat = conversation('personal', 'a:dsl-chat');
const env = useTeamsBot('2026-12-01T10:00:00Z');
const DAY = 86_400_000;

beforeEach(async () => {
  const deps = env.harness.bot.deps;
  await storePupils(deps, ZOE);
  const random = seeded(2);
  const make = (n: number, daysAgo: number, over: Partial<Incident>) => {
    const reportedAt = new Date(env.now.getTime() - daysAgo * DAY);
    const base = generateIncident(deps.pack, 'oakfield-primary', n, reportedAt, random);
    const incident: Incident = {
      ...base,
      procedureId: 'inappropriate-content',
      procedureTitle: 'Inappropriate content',
      status: 'in-progress',
      tasks: [{ id: 't1', text: 'Check the filtering log', ownerRole: 'it-technician', due: new Date(env.now.getTime() + DAY).toISOString(), done: false }],
      ...over,
      routing: { ...base.routing, urgent: false, safeguarding: false, priority: 'routine', ...(over.routing ?? {}) },
    };
    return deps.store.create('incidents', incident);
  };
  await make(1, 10, { procedureId: 'cyberbullying', procedureTitle: 'Cyberbullying' });
  await make(2, 2, { routing: { safeguarding: true } as Incident['routing'] });
  await make(3, 0.05, { routing: { urgent: true, priority: 'urgent' } as Incident['routing'] });
  await make(4, 5, { tasks: [{ id: 't1', text: 'Call parents', ownerRole: 'dsl', due: new Date(env.now.getTime() - DAY).toISOString(), done: false }] });
  await make(5, 20, { status: 'closed' });
  await make(6, 30, { routing: { actingRoles: ['head'] } as Incident['routing'] });
  for (const n of [1, 2]) {
    const link: PupilLink = {
      id: linkIdFor(`inc-oakfield-primary-${n}`, ZOE.id),
      schoolId: 'oakfield-primary',
      incidentId: `inc-oakfield-primary-${n}`,
      pupilId: ZOE.id,
      part: 'harmed',
      linkedAt: env.now.toISOString(),
      linkedBy: { platform: 'teams', userId: 'x', name: 'Alex Wilber' },
      history: [],
    };
    await deps.store.create('links', link);
  }
});

const cardOf = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content ?? res.body?.activities?.[0]?.value?.body?.value;
const references = (card: any) => [...JSON.stringify(card).matchAll(/ES-\d{4}-\d{4}/g)].map((m) => m[0]);
const say = async (text: string) => cardOf(await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, text)));

test('overdue first, then urgent, then safeguarding, oldest first; closed and others’ cases left out; Full record on each', async () => {
  const card = await say('cases');
  expect(references(card)).toEqual(['ES-2026-0004', 'ES-2026-0003', 'ES-2026-0002', 'ES-2026-0001']);
  expect(JSON.stringify(card)).toContain('1 overdue task');
  expect(JSON.stringify(card)).toContain('10 days old');
  const buttons = executeActions(card).filter((a) => a.verb === 'full-record');
  expect(buttons.map((b) => b.data.incidentId)).toEqual(['inc-oakfield-primary-4', 'inc-oakfield-primary-3', 'inc-oakfield-primary-2', 'inc-oakfield-primary-1']);
  const record = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'full-record', buttons[0]?.data ?? {}));
  expect(JSON.stringify(record.body)).toContain('ES-2026-0004');
});

test('narrowed by pupil, by type words and by the card’s type choice', async () => {
  expect(references(await say('cases pupil Zoë'))).toEqual(['ES-2026-0002', 'ES-2026-0001']);
  expect(references(await say('cases bullying'))).toEqual(['ES-2026-0001']);
  expect(JSON.stringify(await say('cases nonsense-type'))).toContain('No open case you lead has a type like');
  const card = await say('cases');
  const show = executeActions(card).find((a) => a.verb === 'cases-filter');
  const filtered = cardOf(await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'cases-filter', { ...show?.data, choice: 'cyberbullying' })));
  expect(references(filtered)).toEqual(['ES-2026-0001']);
});

test('a teacher leads none; in a channel nothing is listed', async () => {
  const teacher = cardOf(await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, conversation('personal', 'a:t'), 'cases')));
  expect(JSON.stringify(teacher)).toContain('No open cases you may lead');
  expect(references(teacher)).toEqual([]);
  const channel = cardOf(await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, conversation('channel', '19:staff@thread.tacv2'), '<at>eSafety</at> cases')));
  expect(JSON.stringify(channel)).toContain('Please ask me in a 1:1 chat');
  expect(references(channel)).toEqual([]);
});

test("the DSL's list carries each child's file handed on and still awaiting the new school's receipt, with its deadline, until the receipt is recorded; a teacher sees none", async () => {
  await say('transfer Zoë Núñez to Hillside Academy starting 2026-12-04');
  const [transfer] = await env.harness.bot.deps.store.query<{ id: string; schoolId: string; ref: string }>('transfers', { schoolId: 'oakfield-primary' });
  const listed = JSON.stringify(await say('cases'));
  expect(listed).toContain(`child's file ${transfer?.ref} for Hillside Academy: the new school's receipt is due by Fri 11 Dec 2026`);
  expect(listed).not.toContain('OVERDUE');
  const teacher = JSON.stringify(cardOf(await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, conversation('personal', 'a:teacher-chat'), 'cases'))));
  expect(teacher).not.toContain(transfer?.ref as string);
  env.now = new Date('2026-12-14T10:00:00Z');
  expect(JSON.stringify(await say('cases'))).toContain(`OVERDUE: child's file ${transfer?.ref}`);
  await say(`transfer receipt ${transfer?.ref}`);
  expect(JSON.stringify(await say('cases'))).not.toContain(transfer?.ref as string);
});
