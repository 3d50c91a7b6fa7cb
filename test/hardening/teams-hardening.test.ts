/**
 * Issue 13, Teams: a request from an organisation the pack does not serve is refused before anything is
 * stored; a card button no route knows is answered in words; what people typed shows as typed on cards.
 */
import type { Person } from '../../src/core/people/person-record';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { UNKNOWN_TENANT_WORDS } from '../../src/core/people/tenant-gate';
import type { Logger } from '../../src/ports/logger';
import { escalationCardData, fullRecordCardData, taskCardData, wizardCardData } from '../../src/adapters/teams/cards/card-data';
import { literalText } from '../../src/adapters/teams/cards/format';
import { renderCard } from '../../src/adapters/teams/cards/render-card';
import { TENANT, actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { startTestBot } from '../builders/teams-bot';
import { TEACHER, DSL } from '../builders/teams-harness';
import { REF, assignment, cardProblems, escalationWithTasks, findAll, incident, taskItems, texts, views } from '../adapters/teams-card-fixtures';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';

type Line = { level: string; event: string; fields?: Record<string, unknown> };

describe('through /api/messages', () => {
  let connector: FakeConnector;
  let harness: Awaited<ReturnType<typeof startTestBot>>;
  let lines: Line[];
  const logger: Logger = {
    info: (event, fields) => lines.push({ level: 'info', event, fields }),
    warn: (event, fields) => lines.push({ level: 'warn', event, fields }),
    error: (event, fields) => lines.push({ level: 'error', event, fields }),
  };
  beforeEach(async () => {
    lines = [];
    connector = await startFakeConnector();
    harness = await startTestBot(undefined, undefined, logger);
  });
  afterEach(async () => {
    await harness.stop();
    await connector.close();
  });

  const store = () => harness.bot.deps.store;
  const chat = conversation('personal', 'a:teacher-chat');
  const staffChannel = conversation('channel', '19:staff@thread.tacv2;messageid=1');
  /** An activity as Teams would send it from another organisation's tenant. */
  const fromTenant = <T extends { conversation: object; channelData: object }>(activity: T, tenant: string): T => ({
    ...activity,
    conversation: { ...activity.conversation, tenantId: tenant },
    channelData: { ...activity.channelData, tenant: { id: tenant } },
  });
  const stored = async () => ({
    conversations: await store().count('conversations', {}),
    people: await store().count('people', {}),
    wizards: await store().count('wizards', {}),
    incidents: await store().count('incidents', {}),
  });
  const refusals = () => store().query<AuditEvent>('audit', { where: [{ field: 'action', op: '=', value: 'tenant.refused' }] });
  const nothing = { conversations: 0, people: 0, wizards: 0, incidents: 0 };

  describe('(A) tenants', () => {
    it('refuses a message from a tenant the pack does not serve, politely, storing nothing, audited without names', async () => {
      const res = await post(harness.bot.url, fromTenant(messageActivity(connector.url, TEACHER, chat, 'report'), 'evil-tenant'));
      expect(res.status).toBe(200);
      expect(res.body.activities).toHaveLength(1);
      expect(res.body.activities[0]).toMatchObject({ type: 'message', text: UNKNOWN_TENANT_WORDS });
      expect(await stored()).toEqual(nothing);
      const audit = await refusals();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        schoolId: '_unknown-tenant',
        action: 'tenant.refused',
        outcome: 'refused',
        detail: 'evil-tenant',
        actor: { platform: 'teams', userId: TEACHER.aadObjectId, name: '(unknown tenant)' },
      });
      const warned = lines.filter((l) => l.event === 'teams.unknown-tenant');
      expect(warned).toHaveLength(1);
      expect(JSON.stringify([audit, lines])).not.toContain(TEACHER.name);
    });

    it('refuses when only channelData names the tenant, or when the two names disagree', async () => {
      const onlyChannelData = {
        ...messageActivity(connector.url, TEACHER, chat, 'report'),
        conversation: { id: 'a:teacher-chat', conversationType: 'personal' },
        channelData: { tenant: { id: 'evil-tenant' } },
      };
      const disagreeing = { ...messageActivity(connector.url, TEACHER, chat, 'report'), channelData: { tenant: { id: 'evil-tenant' } } };
      for (const activity of [onlyChannelData, disagreeing]) {
        const res = await post(harness.bot.url, activity);
        expect(res.body.activities.map((a: any) => a.text)).toEqual([UNKNOWN_TENANT_WORDS]);
      }
      expect(await stored()).toEqual(nothing);
      expect(await refusals()).toHaveLength(2);
    });

    it('answers a card action from an unknown tenant with the same words, and changes nothing', async () => {
      const press = fromTenant(actionActivity(connector.url, TEACHER, chat, 'report-next', { schoolId: 'oakfield-primary', wizardId: 'w-1', revision: 1, choice: 'not-sure' }), 'evil-tenant');
      const res = await post(harness.bot.url, press);
      const answer = res.body.activities.find((a: any) => a.type === 'invokeResponse')?.value;
      expect(answer).toMatchObject({ status: 200, body: { value: UNKNOWN_TENANT_WORDS } });
      expect(await stored()).toEqual(nothing);
      expect(await refusals()).toHaveLength(1);
    });

    it('stores nothing and says nothing for an install or a team roster from an unknown tenant', async () => {
      connector.setRoster([{ id: '29:a', aadObjectId: 'aad-a', name: 'Ann Able' }]);
      const install = fromTenant(
        {
          ...messageActivity(connector.url, TEACHER, staffChannel, ''),
          type: 'conversationUpdate',
          text: undefined,
          membersAdded: [
            { id: '28:esafety-bot', name: 'eSafety' },
            { id: '29:b', name: 'Ben Baker' },
          ],
        },
        'evil-tenant',
      );
      const res = await post(harness.bot.url, install);
      expect(res.body?.activities ?? []).toEqual([]);
      const update = fromTenant({ ...messageActivity(connector.url, TEACHER, chat, ''), type: 'installationUpdate', text: undefined, action: 'add' }, 'evil-tenant');
      expect((await post(harness.bot.url, update)).body?.activities ?? []).toEqual([]);
      expect(await stored()).toEqual(nothing);
      expect(connector.calls).toEqual([]); // not even the roster is read
      expect(await refusals()).toHaveLength(2);
    });

    it('does not register a team member whose own tenant the pack does not serve (a guest)', async () => {
      connector.setRoster([
        { id: '29:a', aadObjectId: 'aad-a', name: 'Ann Able', tenantId: TENANT },
        { id: '29:g', aadObjectId: 'aad-g', name: 'Gus Guest', tenantId: 'evil-tenant' },
        { id: '29:c', aadObjectId: 'aad-c', name: 'Cat Cole' },
      ]);
      await post(harness.bot.url, { ...messageActivity(connector.url, DSL, staffChannel, ''), type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:esafety-bot', name: 'eSafety' }] });
      await post(harness.bot.url, {
        ...messageActivity(connector.url, DSL, staffChannel, ''),
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [{ id: '29:h', aadObjectId: 'aad-h', name: 'Hal Guest', tenantId: 'evil-tenant' }],
      });
      const people = await store().query<Person>('people', {});
      expect(people.map((p) => p.name).sort()).toEqual(['Ann Able', 'Cat Cole']);
      const members = await store().query('conversations', {});
      expect(JSON.stringify(members)).not.toMatch(/aad-g|aad-h/);
    });

    it('a listed tenant still works: the report starts and the person is remembered', async () => {
      const res = await post(harness.bot.url, messageActivity(connector.url, TEACHER, chat, 'report'));
      const card = res.body.activities[0]?.attachments?.[0]?.content;
      expect(executeActions(card).some((a) => a.verb === 'report-next')).toBe(true);
      const now = await stored();
      expect(now.wizards).toBe(1);
      expect(now.conversations).toBeGreaterThan(0);
      expect(now.people).toBe(1);
      expect(await refusals()).toHaveLength(0);
    });

    it('audits a long tenant id cut to 64 characters', async () => {
      await post(harness.bot.url, fromTenant(messageActivity(connector.url, TEACHER, chat, 'hello'), 'x'.repeat(500)));
      expect((await refusals())[0]?.detail).toBe('x'.repeat(64));
    });
  });

  describe('(B) a button no route knows', () => {
    it('is answered 400 with words the person can read, and logged once with the verb only', async () => {
      const { deliveryMode: _replies, ...press } = actionActivity(connector.url, TEACHER, chat, 'no-such-verb', { schoolId: 'oakfield-primary', incidentId: 'inc-1', note: 'Pupil J.S.' });
      const res = await post(harness.bot.url, press);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'This button is not recognised, so nothing was changed. Type report to start again.' },
      });
      const logged = lines.filter((l) => l.event === 'teams.unknown-verb');
      expect(logged).toEqual([{ level: 'warn', event: 'teams.unknown-verb', fields: { verb: 'no-such-verb' } }]);
      expect(await store().count('wizards', {})).toBe(0);
    });

    it('logs a long verb cut short', async () => {
      await post(harness.bot.url, actionActivity(connector.url, TEACHER, chat, 'v'.repeat(1000), {}));
      expect(lines.find((l) => l.event === 'teams.unknown-verb')?.fields).toEqual({ verb: 'v'.repeat(64) });
    });
  });
});

describe('(C) what people typed shows as typed, never as Markdown', () => {
  const EVIL = '[click here](https://evil.example) **bold**';
  const ESCAPED = '\\[click here\\](https://evil.example) \\*\\*bold\\*\\*';
  const BLOCKS = '# Heading\n- item\n+ item\n> quote\n1. first\n2) second\n===\n_it_ `code` ~~gone~~ | \\* <https://evil.example>';

  /** CommonMark: a backslash before ASCII punctuation stands for that character. */
  const shown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  /** Markdown a Teams card would act on: an unescaped inline marker, or a block marker at a line start. */
  const markup = (text: string) => {
    const inline = /(^|[^\\])(?:\\\\)*[`*_[\]~|<]/.test(text);
    const block = /^[ \t]*(?:[#>+=-]|\d{1,9}[.)](?=\s|$))/m.test(text);
    return inline || block;
  };
  const check = (text: string, typed: string) => {
    expect(markup(text)).toBe(false);
    expect(shown(text)).toBe(typed);
  };

  it('escapes links, emphasis and line-start markers so the text shows exactly as typed', () => {
    expect(literalText(EVIL)).toBe(ESCAPED);
    check(literalText(EVIL), EVIL);
    check(literalText(BLOCKS), BLOCKS);
    // Ordinary writing is left alone.
    expect(literalText('J.S. said a man called Dave asked for photos (twice) - on 3.4.2026!')).toBe('J.S. said a man called Dave asked for photos (twice) - on 3.4.2026!');
  });

  it('in the full record: details, referral notes, the decision, the outcome, task reasons and the chronology', () => {
    const alex = { platform: 'teams' as const, userId: 'user-id-0', name: 'Alex Wilber' };
    const record = incident({
      details: { when: '2026-07-01T13:40', pupils: 'J.S.', description: EVIL, url: BLOCKS },
      referrals: [{ agency: 'ceop', at: '2026-11-23T15:02:00.000Z', by: alex, note: EVIL }],
      noReferralReason: EVIL,
      outcome: EVIL,
      tasks: [
        {
          id: 't1',
          text: 'Decide today whether to refer.',
          ownerRole: 'dsl',
          due: '2026-11-23T17:00:00.000Z',
          done: false,
          status: 'not-needed',
          reason: EVIL,
          closedBy: alex,
          closedAt: '2026-11-23T16:00:00.000Z',
        },
      ],
      chronology: [{ at: '2026-11-23T15:10:00.000Z', by: alex, action: 'note', detail: EVIL }],
    });
    const card = renderCard('full-record', fullRecordCardData(record, 'Oakfield Primary School'));
    expect(cardProblems(card)).toEqual([]);
    const blocks = texts(card);
    // description, referral note, decision, outcome, chronology note: each exactly the escaped text
    expect(blocks.filter((t) => t === ESCAPED)).toHaveLength(5);
    expect(blocks).toContain(literalText(BLOCKS));
    expect(blocks.some((t) => t.endsWith(`: ${ESCAPED}`))).toBe(true); // the task's reason
    for (const t of blocks) expect(t).not.toContain(EVIL);
    expect(JSON.stringify(card)).not.toContain('[click here](');
  });

  it('on the wizard review step, while the inputs keep exactly what was typed', () => {
    const review = renderCard('wizard-step', wizardCardData({ ...views.review, review: [{ label: 'What happened', value: EVIL }] }, REF));
    const facts = findAll(review, (o) => o.type === 'FactSet').flatMap((f) => f.facts as Array<{ value: string }>);
    expect(facts.map((f) => f.value)).toContain(ESCAPED);
    const details = renderCard('wizard-step', wizardCardData({ ...views.details, fields: views.details.fields.map((f) => (f.id === 'description' ? { ...f, value: EVIL } : f)) }, REF));
    expect(findAll(details, (o) => o.id === 'description')[0]?.value).toBe(EVIL);
  });

  it("in a closed task's line on the case card and the task card", () => {
    const tasks = [{ ...taskItems[1]!, closedLine: `Not needed by Sam Reid, Mon 23 Nov 2026, 15:10: ${EVIL}` }];
    for (const card of [renderCard('dsl-escalation', escalationCardData({ ...escalationWithTasks, tasks })), renderCard('task-assignment', taskCardData({ ...assignment, tasks }))]) {
      expect(texts(card)).toContain(`Not needed by Sam Reid, Mon 23 Nov 2026, 15:10: ${ESCAPED}`);
      expect(JSON.stringify(card)).not.toContain('[click here](');
    }
  });
});
