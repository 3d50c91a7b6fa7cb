/**
 * Hardening of the Slack side, through the real receiver with requests signed as Slack signs them:
 * signatures and their timestamps (either way), replays and retries that must not run twice, refused
 * signatures counted, logged once and audited without the body; workspaces the pack does not serve
 * refused before anything is stored; text people typed shown as text in every Block Kit surface; and
 * per-channel and per-signature memory that stays bounded however many identities arrive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { ChannelPacing, MAX_PACED_CHANNELS } from '../../src/adapters/slack/channel-pacing';
import { MAX_REMEMBERED_SIGNATURES, SIGNATURE_WINDOW_MS, SeenSignatures } from '../../src/adapters/slack/request-guard';
import { SlackDeliverer } from '../../src/adapters/slack/slack-deliverer';
import { escapeMrkdwn } from '../../src/adapters/slack/views/block-kit';
import { escalationMessage } from '../../src/adapters/slack/views/escalation-message';
import { homeView } from '../../src/adapters/slack/views/home-view';
import { actionFormModal, fullRecordModal } from '../../src/adapters/slack/views/incident-modals';
import { deliveryReportMessage, noticeMessage, urgentReminderMessage } from '../../src/adapters/slack/views/notice-messages';
import { assignmentMessage, taskReasonModal } from '../../src/adapters/slack/views/task-message';
import { wizardModal } from '../../src/adapters/slack/views/wizard-modal';
import type { TaskItem } from '../../src/core/incidents/task-view';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { EscalationView } from '../../src/core/incidents/escalation-view';
import { describeFullRecord } from '../../src/core/incidents/full-record-view';
import { describeReporterUpdate } from '../../src/core/incidents/notice-views';
import { UNKNOWN_TENANT_WORDS } from '../../src/core/people/tenant-gate';
import type { Logger } from '../../src/ports/logger';
import { assignment, deliveryReport, escalation, incident, views } from '../adapters/teams-card-fixtures';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { FORM, type SlackReply, interactionBody, postSigned, postToSlackEvents, sign, slashCommandBody } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, buttonsIn } from '../builders/slack-user';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import { startFakeSlackApi } from '../fakes/fake-slack-api';

jest.setTimeout(30_000);

interface LogLine {
  level: string;
  event: string;
  fields?: Record<string, unknown>;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push({ level, event, fields });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

let harness: SlackHarness;
let lines: LogLine[];
const stores = () => harness.bot.deps.store;
const audits = (action: string) =>
  stores()
    .query<AuditEvent>('audit', {})
    .then((all) => all.filter((a) => a.action === action));
const wizards = () => stores().query('wizards', {});
const people = () => stores().query('people', {});

const post = (body: string, headers: Record<string, string>, contentType = FORM): Promise<SlackReply> => postToSlackEvents(harness.slackUrl, body, headers, contentType);

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Start-up's workspace sync logs a line of its own: waited for, so a test counts only its own lines. */
async function synced(): Promise<void> {
  for (let i = 0; i < 50 && !lines.some((l) => l.event.startsWith('slack.workspace-')); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('signatures, timestamps, replays and retries', () => {
  beforeEach(async () => {
    lines = [];
    harness = await startSlackBot({ logger: recordingLogger(lines) });
    await synced();
  });
  afterEach(async () => harness.stop());

  test('a /report signed ten minutes in the future is refused with 401: no modal, no draft, audited as future', async () => {
    const reply = await postSigned(harness.slackUrl, slashCommandBody(SLACK_TEACHER, ''), FORM, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(reply.status).toBe(401);
    await settle();
    expect(harness.api.callsTo('views.open')).toHaveLength(0);
    expect(await wizards()).toHaveLength(0);
    expect((await audits('slack.signature-refused')).map((a) => a.detail)).toEqual(['future']);
  });

  test('a /report signed ten minutes ago is refused as stale, and one with no signature as missing', async () => {
    const body = slashCommandBody(SLACK_TEACHER, '');
    expect((await postSigned(harness.slackUrl, body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await post(body, { 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) })).status).toBe(401);
    await settle();
    expect(harness.api.callsTo('views.open')).toHaveLength(0);
    expect((await audits('slack.signature-refused')).map((a) => a.detail).sort()).toEqual(['missing', 'stale']);
  });

  test('the same signed /report posted three times opens one modal and makes one draft', async () => {
    const body = slashCommandBody(SLACK_TEACHER, '');
    const headers = sign(body);
    const replies = [await post(body, headers), await post(body, headers), await post(body, headers)];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    // The repeats are answered with nothing at all.
    expect(replies.slice(1).map((r) => r.text)).toEqual(['', '']);
    await harness.api.waitFor('views.open', 1);
    await settle();
    expect(harness.api.callsTo('views.open')).toHaveLength(1);
    expect(await wizards()).toHaveLength(1);
    // A repeat is not a forgery: nothing is audited as refused.
    expect(await audits('slack.signature-refused')).toHaveLength(0);
  });

  test('a Slack retry (X-Slack-Retry-Num) is answered 200 and does not run again', async () => {
    const event = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: 'T0DEMO',
      api_app_id: 'A0DEMO',
      type: 'event_callback',
      event_id: 'Ev0RETRY0001',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: SLACK_TEACHER.id, channel: 'D0TEACH01', tab: 'home', event_ts: `${Date.now() / 1000}` },
    });
    expect((await post(event, sign(event), 'application/json')).status).toBe(200);
    await harness.api.waitFor('views.publish', 1);
    // Slack signs a retry afresh, a second later, and says which attempt it is.
    const retry = await post(event, { ...sign(event, { timestamp: Math.floor(Date.now() / 1000) + 1 }), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, 'application/json');
    expect(retry.status).toBe(200);
    expect(retry.text).toBe('');
    await settle();
    expect(harness.api.callsTo('views.publish')).toHaveLength(1);
  });

  test('a bad signature is 401, audited, counted, and logged in one line that holds nothing of the request', async () => {
    const marker = 'SECRET-BODY-TEXT-do-not-log';
    const body = slashCommandBody(SLACK_TEACHER, marker);
    const before = lines.length;
    const reply = await postSigned(harness.slackUrl, body, FORM, { secret: 'not-the-signing-secret' });
    expect(reply.status).toBe(401);
    expect(reply.text).toBe('');
    const refused = await audits('slack.signature-refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ schoolId: '_slack', outcome: 'refused', detail: 'bad-signature', actor: { platform: 'slack', userId: 'unknown', name: '(unsigned request)' } });
    const added = lines.slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ level: 'warn', event: 'slack.signature-refused', fields: { cause: 'bad-signature', refused: 1 } });
    const logged = JSON.stringify(added);
    for (const leak of [marker, SLACK_TEACHER.id, SLACK_TEACHER.name, 'x-slack-signature', 'v0=']) expect(logged).not.toContain(leak);
    expect(harness.api.callsTo('views.open')).toHaveLength(0);
    expect(harness.api.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(0);
  });
});

describe("the guard also stands in front of Slack on the bot's own port (SLACK_PORT=same)", () => {
  beforeEach(async () => {
    lines = [];
    harness = await startSlackBot({ logger: recordingLogger(lines), slackPort: 'same' });
  });
  afterEach(async () => harness.stop());

  test('a replay and a future timestamp run nothing there either', async () => {
    expect(harness.slackUrl).toBe(harness.bot.url);
    const body = slashCommandBody(SLACK_TEACHER, '');
    const headers = sign(body);
    expect((await post(body, headers)).status).toBe(200);
    expect((await post(body, headers)).status).toBe(200);
    const future = slashCommandBody(SLACK_TEACHER, '');
    expect((await post(future, sign(future, { timestamp: Math.floor(Date.now() / 1000) + 600 }))).status).toBe(401);
    await harness.api.waitFor('views.open', 1);
    await settle();
    expect(harness.api.callsTo('views.open')).toHaveLength(1);
    expect(await wizards()).toHaveLength(1);
  });
});

describe('workspaces the policy pack does not serve', () => {
  const EVIL = 'T0EVIL';
  const fromEvil = (body: string) => body.replace('team_id=T0DEMO', `team_id=${EVIL}`);

  describe('requests', () => {
    beforeEach(async () => {
      lines = [];
      harness = await startSlackBot({ logger: recordingLogger(lines) });
    });
    afterEach(async () => harness.stop());

    test('a signed /report from another workspace gets the polite words, opens nothing, stores nothing, and is audited', async () => {
      const body = fromEvil(slashCommandBody(SLACK_TEACHER, ''));
      expect(body).toContain(`team_id=${EVIL}`);
      const reply = await postSigned(harness.slackUrl, body, FORM);
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ response_type: 'ephemeral', text: UNKNOWN_TENANT_WORDS });
      await settle();
      expect(harness.api.callsTo('views.open')).toHaveLength(0);
      expect(await wizards()).toHaveLength(0);
      expect(await people()).toHaveLength(0);
      const refused = await audits('tenant.refused');
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ schoolId: '_unknown-tenant', outcome: 'refused', detail: EVIL, actor: { platform: 'slack', userId: SLACK_TEACHER.id, name: '(unknown workspace)' } });
    });

    test('a DSL channel cannot be registered from another workspace', async () => {
      const body = fromEvil(slashCommandBody({ id: 'U0DSL0001', name: 'dsl' }, 'register dsl channel', { id: 'C0EVIL', name: 'safeguarding' }));
      const reply = await postSigned(harness.slackUrl, body, FORM);
      expect(reply.json?.text).toBe(UNKNOWN_TENANT_WORDS);
      expect(await stores().query('conversations', {})).toHaveLength(0);
    });

    test('a button press and a joining member from another workspace are acknowledged and do nothing', async () => {
      const press = await postSigned(
        harness.slackUrl,
        interactionBody({
          type: 'block_actions',
          team: { id: EVIL },
          user: { id: SLACK_TEACHER.id, team_id: EVIL },
          trigger_id: 'trigger-evil',
          actions: [{ type: 'button', action_id: 'report-start', value: 'home', action_ts: '1' }],
        }),
        FORM,
      );
      expect(press.status).toBe(200);
      expect(press.text).toBe('');
      const join = JSON.stringify({
        team_id: EVIL,
        api_app_id: 'A0DEMO',
        type: 'event_callback',
        event_id: 'Ev0EVIL0001',
        event_time: 1,
        event: { type: 'team_join', user: { id: 'U0EVIL01', name: 'mallory', real_name: 'Mallory' } },
      });
      expect((await postSigned(harness.slackUrl, join, 'application/json')).status).toBe(200);
      await settle();
      expect(harness.api.callsTo('views.open')).toHaveLength(0);
      expect(await people()).toHaveLength(0);
      expect(await wizards()).toHaveLength(0);
      expect((await audits('tenant.refused')).map((a) => a.actor.userId).sort()).toEqual(['U0EVIL01', SLACK_TEACHER.id]);
    });

    test("the pack's own workspace still works", async () => {
      const teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
      expect((await teacher.slash('')).status).toBe(200);
      expect(harness.api.callsTo('views.open')).toHaveLength(1);
      expect(await wizards()).toHaveLength(1);
      expect(await audits('tenant.refused')).toHaveLength(0);
    });
  });

  test('a bot token for another workspace does not fill the AUP register from its member list', async () => {
    lines = [];
    harness = await startSlackBot({ logger: recordingLogger(lines), teamId: EVIL, users: [{ id: 'U0EVIL01', name: 'mallory', real_name: 'Mallory', deleted: false, is_bot: false }] });
    try {
      await synced();
      expect(lines.find((l) => l.event === 'slack.workspace-not-served')?.fields).toEqual({ team: EVIL });
      expect(harness.api.callsTo('users.list')).toHaveLength(0);
      expect(await people()).toHaveLength(0);
    } finally {
      await harness.stop();
    }
  });
});

/** Everything a hostile reporter might type to make a link, a mention or formatting in Slack. */
const HOSTILE = '<https://evil.example|click here> [x](https://evil.example/y) *bold* _it_ ~s~ `code` <!channel> <@U123> @here\n> quoted\n>>> all quoted';
const FORMATTING = ['<https://', '|click here>', '<!channel>', '<@U123>', '*bold*', '_it_', '~s~', '`code`'];

type TextObject = { type: string; text: string; verbatim?: boolean };

function textObjects(node: unknown, found: TextObject[] = []): TextObject[] {
  if (Array.isArray(node)) node.forEach((n) => textObjects(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') found.push(o as TextObject);
    else Object.values(o).forEach((v) => textObjects(v, found));
  }
  return found;
}

/**
 * Every text object in `surface` that shows the hostile words shows them as text: plain_text as typed, or
 * verbatim mrkdwn with nothing left that Slack reads as a link, mention, quote or formatting. The whole
 * message's notification `text` (when there is one, and `fallback`: the deliverer escapes it on the way out) carries no markup either.
 */
function expectShownAsText(surface: any, where: string, fallback = true): void {
  const showing = textObjects(surface.blocks ?? surface).filter((t) => t.text.includes('evil.example'));
  expect({ where, showing: showing.length > 0 }).toEqual({ where, showing: true });
  for (const t of showing) {
    if (t.type === 'plain_text') continue;
    expect({ where, text: t.text, verbatim: t.verbatim }).toMatchObject({ where, verbatim: true });
    for (const mark of FORMATTING) expect({ where, text: t.text, mark, found: t.text.includes(mark) }).toMatchObject({ found: false });
    expect({ where, text: t.text, quote: /^\s*(>|&gt;)/m.test(t.text) }).toMatchObject({ quote: false });
  }
  if (fallback && typeof surface.text === 'string')
    for (const mark of ['<https://', '<!channel>', '<@U123>']) expect({ where, fallback: surface.text, mark, found: surface.text.includes(mark) }).toMatchObject({ found: false });
}

describe('what people typed is shown as text', () => {
  const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
  let dsl: SlackUser;
  beforeEach(async () => {
    lines = [];
    harness = await startSlackBot({ logger: recordingLogger(lines) });
    dsl = new SlackUser({ id: 'U0DEMO001', name: 'alex.wilber' }, harness.slackUrl, harness.api);
  });
  afterEach(async () => harness.stop());

  test('the review step, the notes, referral note, outcome and task reason on the cards, and the full record', async () => {
    expect((await dsl.slash('register dsl channel', SAFEGUARDING)).json?.text).toContain('Done');
    const teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
    const { seen } = await walkSlackReport(harness, teacher, 'grooming-inappropriate-contact', { fields: { description: HOSTILE } });
    const review = seen.find((v) => v?.callback_id === 'report-submit');
    expectShownAsText(review, 'the review step');
    // The value is there exactly as typed.
    expect(textObjects(review.blocks).some((t) => t.type === 'plain_text' && t.text === HOSTILE)).toBe(true);

    await harness.bot.jobs.flush();
    const card = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
    const ts = card?.answer?.ts as string;
    const blocks = card?.args.blocks as any[];
    const open = () => harness.api.callsTo('views.open').length;
    const form = async (action: string, values: Record<string, string>, value?: string) => {
      const before = open();
      await dsl.pressOnMessage(SAFEGUARDING.id, ts, blocks, action, value);
      await dsl.openedForm(before);
      dsl.fill(values);
      expect((await dsl.submit()).status).toBe(200);
    };
    await form('add-note', { note: HOSTILE });
    await form('refer', { agency: 'ceop', note: HOSTILE });
    const task = buttonsIn(blocks).find((b) => b.action_id === 'task-not-needed');
    await form('task-not-needed', { reason: HOSTILE }, task?.value);
    await harness.bot.jobs.flush();
    const updates = harness.api.callsTo('chat.update').filter((c) => c.args.channel === SAFEGUARDING.id);
    expectShownAsText(updates[updates.length - 1]?.args, 'the channel card with a task not needed');
    for (const dm of harness.api.callsTo('chat.update').filter((c) => c.args.channel !== SAFEGUARDING.id && JSON.stringify(c.args).includes('evil.example')))
      expectShownAsText(dm.args, `the card in ${dm.args.channel}`);

    await form('close', { outcome: HOSTILE });
    await harness.bot.jobs.flush();
    for (const call of [...harness.api.callsTo('chat.postMessage'), ...harness.api.callsTo('chat.update')]) {
      if (JSON.stringify(call.args).includes('evil.example')) expectShownAsText(call.args, `${call.method} to ${call.args.channel}`);
      for (const mark of ['<https://', '<!channel>', '<@U123>']) expect(String(call.args.text)).not.toContain(mark);
    }

    const before = open();
    await dsl.pressOnMessage(SAFEGUARDING.id, ts, blocks, 'full-record');
    const record = await dsl.openedForm(before);
    expectShownAsText(record, 'the full record');
    const plainTexts = textObjects(record.blocks).filter((t) => t.type === 'plain_text' && t.text === HOSTILE);
    // The description, the note, the referral note and the outcome, each as typed.
    expect(plainTexts.length).toBeGreaterThanOrEqual(4);
  });
});

describe('each Block Kit place that shows what people typed', () => {
  const hostileIncident = incident({
    reporter: { platform: 'slack', userId: 'U0TEACH01', name: `Sam ${HOSTILE}` },
    owner: { key: 'x', name: `Owner ${HOSTILE}` },
    details: { when: '2026-07-01T13:40', pupils: HOSTILE, description: HOSTILE, where: HOSTILE },
    referrals: [{ agency: 'ceop', at: '2026-11-23T15:02:00.000Z', by: { platform: 'slack', userId: 'U0DEMO001', name: 'Alex Wilber' }, note: HOSTILE }],
    noReferralReason: HOSTILE,
    outcome: HOSTILE,
    tasks: [{ id: 't1', text: 'Decide today whether to refer.', ownerRole: 'dsl', due: '2026-11-23T17:00:00.000Z', done: true, status: 'not-needed', reason: HOSTILE }],
    chronology: [{ at: '2026-11-23T14:20:00.000Z', by: { platform: 'slack', userId: 'U0DEMO001', name: 'Alex Wilber' }, action: 'note', detail: HOSTILE }],
  });
  const record = describeFullRecord(hostileIncident, 'Oakfield Primary School');
  const hostileTask: TaskItem = {
    taskId: 'step-3',
    text: 'Block the site.',
    meta: `Network Manager · due Mon 23 Nov 2026 · Not needed: ${HOSTILE}`,
    open: false,
    overdue: false,
    closedLine: `Not needed by Sam Reid: ${HOSTILE}`,
  };
  const hostileEscalation: EscalationView = { ...escalation, owner: HOSTILE, reportedBy: HOSTILE, lastAction: `Note by ${HOSTILE}`, status: `Assigned to ${HOSTILE}`, tasks: [hostileTask] };
  const places: Array<[string, () => unknown]> = [
    [
      'the wizard review step',
      () =>
        wizardModal(
          {
            ...views.review,
            review: [
              { label: 'What happened', value: HOSTILE },
              { label: 'Where', value: HOSTILE },
            ],
          },
          'wiz-7f3a9c.4',
        ),
    ],
    ['the full record: what was reported', () => fullRecordModal({ ...record, referrals: [], decision: '', outcome: '', tasks: [], chronology: [], summary: [] })],
    ['the full record: the referral note', () => fullRecordModal({ ...record, details: [], decision: '', outcome: '', tasks: [], chronology: [], summary: [] })],
    ['the full record: the decision not to refer', () => fullRecordModal({ ...record, details: [], referrals: [], outcome: '', tasks: [], chronology: [], summary: [] })],
    ['the full record: the outcome', () => fullRecordModal({ ...record, details: [], referrals: [], decision: '', tasks: [], chronology: [], summary: [] })],
    ["the full record: a task's reason", () => fullRecordModal({ ...record, details: [], referrals: [], decision: '', outcome: '', chronology: [], summary: [] })],
    ['the full record: a note in the chronology', () => fullRecordModal({ ...record, details: [], referrals: [], decision: '', outcome: '', tasks: [], summary: [] })],
    ["the full record: the reporter's and owner's names", () => fullRecordModal({ ...record, details: [], referrals: [], decision: '', outcome: '', tasks: [], chronology: [] })],
    ['the escalation card', () => escalationMessage({ ...hostileEscalation, tasks: [] })],
    ["the escalation card's task list", () => escalationMessage({ ...escalation, tasks: [hostileTask] })],
    ["a task holder's card", () => assignmentMessage({ ...assignment, tasks: [hostileTask] })],
    ['the form an action opens', () => actionFormModal('add-note', hostileEscalation)],
    ['the "not needed" form', () => taskReasonModal({ schoolId: 'oakfield-primary', incidentId: 'inc-1', taskId: 't1' }, 'ES-2026-0042', HOSTILE)],
    ['news for the reporter', () => noticeMessage(describeReporterUpdate({ reference: 'ES-2026-0042', text: HOSTILE }))],
    ['the urgent nag', () => urgentReminderMessage({ title: 'URGENT', lines: [HOSTILE], canAcknowledge: true }, escalation, ['U0DEMO001'])],
    ['the delivery report', () => deliveryReportMessage({ ...deliveryReport, notReached: [HOSTILE], advice: [`Please tell ${HOSTILE} yourself.`] })],
    ['the Home tab queue', () => homeView({ own: [], queue: { items: [hostileEscalation], more: 0 } })],
  ];

  test.each(places)('%s', (where, draw) => {
    const surface = draw() as any;
    expectShownAsText(surface, where, false);
    expect(blockKitProblems(surface, surface.type === 'modal' ? 'modal' : surface.type === 'home' ? 'home' : 'message')).toEqual([]);
  });

  test("a message's notification text carries no markup: the deliverer escapes it", async () => {
    const api = await startFakeSlackApi();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'esafety-slack-text-'));
      const store = await createEmbeddedStore({ dataDir: dir });
      const deps = { store, pack: shippedPack, clock: { now: () => new Date('2026-11-23T10:00:00Z') }, ids: { next: () => `id-${Math.random().toString(36).slice(2)}` } };
      await store.create('incidents', { ...hostileIncident });
      const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
      const deliverer = new SlackDeliverer(deps as any, client, quietLogger);
      const result = await deliverer.deliver({
        id: 'm1',
        schoolId: hostileIncident.schoolId,
        incidentId: hostileIncident.id,
        message: 'reporter-update',
        text: HOSTILE,
        to: { kind: 'person', person: { platform: 'slack', userId: 'U0TEACH01', name: 'Sam' } },
      } as any);
      expect(result.kind).toBe('sent');
      const [sent] = api.callsTo('chat.postMessage');
      for (const mark of ['<https://', '<!channel>', '<@U123>']) expect(String(sent?.args.text)).not.toContain(mark);
      expectShownAsText(sent?.args, 'the posted news');
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await api.close();
    }
  });

  test('escaping keeps words as typed where Slack would not format them', () => {
    expect(escapeMrkdwn('sam_teacher and file_name_v2 and 5*3*2')).toBe('sam_teacher and file_name_v2 and 5*3*2');
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('*bold* _it_')).not.toMatch(/[*_]/);
    expect(escapeMrkdwn('> quote\n  >>> more')).not.toMatch(/^\s*(>|&gt;)/m);
  });
});

describe('memory that stays bounded however many identities arrive', () => {
  test('the deliverer paces 20,000 distinct channels without remembering more than its cap, and still paces each', () => {
    let now = 0;
    const deliverer = new SlackDeliverer({} as any, {} as webApi.WebClient, quietLogger);
    let waited = 0;
    for (let i = 0; i < 20_000; i++) waited += deliverer.pacing.take(`U${i}`);
    expect(waited).toBe(0);
    expect(deliverer.pacing.size).toBeLessThanOrEqual(MAX_PACED_CHANNELS);
    expect(deliverer.pacing.size).toBeLessThan(20_000);
    // The pacing itself still holds: a second post to the same channel at once must wait about a second.
    const pacing = new ChannelPacing(10, () => now);
    expect(pacing.take('C1')).toBe(0);
    expect(pacing.take('C1')).toBeGreaterThan(900);
    now += 1000;
    expect(pacing.take('C1')).toBe(0);
  });

  test('20,000 distinct signed requests do not grow the replay memory past its cap; a repeat is still caught', () => {
    const seen = new SeenSignatures();
    const now = Date.now();
    let repeats = 0;
    for (let i = 0; i < 20_000; i++) if (!seen.firstTime(`v0=${i.toString(16).padStart(64, '0')}`, now, now)) repeats++;
    expect(repeats).toBe(0);
    expect(seen.size).toBeLessThanOrEqual(MAX_REMEMBERED_SIGNATURES);
    expect(seen.size).toBeLessThan(20_000);
    const last = `v0=${(19_999).toString(16).padStart(64, '0')}`;
    expect(seen.firstTime(last, now, now)).toBe(false);
    // Once its timestamp is outside the window, a signature is forgotten (the timestamp check refuses it then).
    expect(seen.firstTime(last, now, now + SIGNATURE_WINDOW_MS + 1)).toBe(true);
    expect(seen.size).toBe(1);
  });
});
