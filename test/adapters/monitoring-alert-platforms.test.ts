/**
 * Alert cards reach the DSL on the platform the school uses: the real bot with Teams (the loopback
 * connector) and Slack (signed requests, the fake Slack Web API) both on, alerts POSTed signed to
 * /monitoring/alerts. A school whose DSL registered the Slack channel from chat gets its cards in Slack;
 * a school with both channels gets them in both, and a decision on one redraws the other. "Already
 * known" offers the school's open cases the safeguarding team leads, and refuses any other value.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { signAlert } from '../../src/adapters/monitoring/alert-signature';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { Incident } from '../../src/core/incidents/incident';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import type { DocumentStore } from '../../src/ports/document-store';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api';
import { blockKitProblems } from '../builders/block-kit-limits';
import { SlackUser, buttonsIn } from '../builders/slack-user';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { quietLogger } from '../builders/teams-bot';
import { DSL } from '../builders/teams-harness';
import { shippedPack } from '../builders/temp-store';
import { PUPIL_INITIALS, PUPIL_NAME, generateIncident, seeded } from '../builders/incident-fixtures';
import { testConfig, slackTestKeys } from '../builders/test-config';

const SCHOOL = 'oakfield-primary';
const SECRET = 'oakfield-monitoring-secret-0123456789abcdef';
const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
const teamsChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');

interface Env {
  bot: RunningBot;
  store: DocumentStore;
  connector: FakeConnector;
  api: FakeSlackApi;
  dsl: SlackUser;
  now: Date;
  stop(): Promise<void>;
}

async function start(at: string): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-alert-platforms-'));
  const store = await createEmbeddedStore({ dataDir });
  const api = await startFakeSlackApi();
  const config = testConfig({ ...slackTestKeys(api.url), MONITORING_SECRETS: JSON.stringify({ [SCHOOL]: SECRET }) });
  const env = { store, api, now: new Date(at) } as unknown as Env;
  env.connector = await startFakeConnector();
  env.bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0, slackPort: 0, clock: { now: () => env.now } });
  if (!env.bot.slackUrl) throw new Error('Slack did not start');
  env.dsl = new SlackUser({ id: 'U0DEMO001', name: 'alex.wilber' }, env.bot.slackUrl, api);
  env.stop = async () => {
    await env.bot.close();
    await store.close();
    await api.close();
    await env.connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return env;
}

const alert = (n: number) => JSON.stringify({ schoolId: SCHOOL, alertId: `mon-${n}`, category: 'bullying', severity: 'medium', occurredAt: '2026-11-23T09:58:00Z', reference: `LAPTOP-${n}` });

async function send(env: Env, body: string): Promise<number> {
  const timestamp = String(Math.floor(env.now.getTime() / 1000));
  const res = await fetch(`${env.bot.url}/monitoring/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-monitoring-school': SCHOOL, 'x-monitoring-timestamp': timestamp, 'x-monitoring-signature': signAlert(SECRET, timestamp, body) },
    body,
  });
  await res.text();
  return res.status;
}

const slackPosts = (env: Env) => env.api.callsTo('chat.postMessage').filter((c) => /monitoring alert/i.test(String(c.args.text)));
const teamsCards = (env: Env) =>
  env.connector.calls.filter((c) => c.method === 'POST' && c.conversationId.startsWith('19:safeguarding')).map((c) => ({ activityId: c.activityId, card: c.body.attachments?.[0]?.content }));

describe('alert cards go to the platform the school uses', () => {
  let env: Env;
  afterEach(async () => env.stop());

  it('a Slack school whose DSL registered the channel from chat gets its alert card in that Slack channel, and none in Teams', async () => {
    env = await start('2026-11-23T10:00:05Z');
    expect((await env.dsl.slash('register dsl channel', SAFEGUARDING)).json?.text).toContain('Done');
    expect(await send(env, alert(1))).toBe(202);
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const posts = slackPosts(env);
    expect(posts.map((p) => [p.args.channel, p.args.text])).toEqual([[SAFEGUARDING.id, 'Monitoring alert: medium, Bullying']]);
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain('Device or user: LAPTOP-1');
    expect(env.connector.calls.filter((c) => c.method === 'POST' || c.method === 'CREATE')).toEqual([]);
  });

  it('a school with a channel on both gets the card on both; "Not a concern" in Teams redraws the Slack card, and a decision in Slack redraws the Teams card', async () => {
    env = await start('2026-11-23T10:00:05Z');
    await env.dsl.slash('register dsl channel', SAFEGUARDING);
    await post(env.bot.url, messageActivity(env.connector.url, DSL, teamsChannel, '<at>eSafety</at> register dsl channel'));
    env.connector.calls.length = 0;
    await send(env, alert(1));
    await send(env, alert(2));
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const [slack] = slackPosts(env);
    const [teams] = teamsCards(env);
    expect(slack?.args.text).toBe('2 new monitoring alerts: 2 medium');
    expect(JSON.stringify(teams?.card)).toContain('2 new monitoring alerts: 2 medium');

    const notConcern = executeActions(teams?.card).find((a) => a.verb === 'alert-not-a-concern');
    await post(env.bot.url, actionActivity(env.connector.url, DSL, teamsChannel, 'alert-not-a-concern', { ...notConcern?.data, reason_0: 'A lesson on online safety' }));
    await env.bot.jobs.flush();
    const updated = env.api.callsTo('chat.update').at(-1)?.args;
    expect(updated).toMatchObject({ channel: SAFEGUARDING.id, ts: slack?.answer?.ts });
    expect(JSON.stringify(updated?.blocks)).toContain('Not a concern');
    expect(buttonsIn(updated?.blocks as any[]).map((b) => b.action_id)).toEqual(['alert-open-case', 'alert-not-a-concern', 'alert-already-known']);

    const open2 = buttonsIn(slack?.args.blocks as any[]).filter((b) => b.action_id === 'alert-open-case')[1];
    await env.dsl.pressOnMessage(SAFEGUARDING.id, slack?.answer?.ts as string, slack?.args.blocks as any[], 'alert-open-case', open2?.value);
    await env.api.waitFor('chat.postEphemeral', 1);
    await env.bot.jobs.flush();
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-2'))?.triage?.outcome).toBe('opened');
    const put = env.connector.calls.filter((c) => c.method === 'PUT' && c.conversationId.startsWith('19:safeguarding')).at(-1);
    expect(put?.activityId).toBe(teams?.activityId);
    const redrawn = JSON.stringify(put?.body.attachments?.[0]?.content);
    expect(redrawn).toContain('Opened as ES-2026-0001');
    expect(redrawn).toContain('Not a concern');
    expect(executeActions(put?.body.attachments?.[0]?.content)).toEqual([]);
  });
});

/** Cases as the store holds them: open and closed, led through the channel, kept from the DSL, at another school. */
async function seedCases(store: DocumentStore): Promise<Record<string, Incident>> {
  const random = seeded(7);
  const make = (n: number, reportedAt: string, over: Partial<Incident> = {}, schoolId = SCHOOL): Incident => {
    const base = generateIncident(shippedPack, schoolId, n, new Date(reportedAt), random);
    const procedure = shippedPack.procedures.find((p) => p.id === 'online-bullying-of-pupil');
    return { ...base, procedureId: 'online-bullying-of-pupil', procedureTitle: procedure?.title ?? '', status: 'in-progress', closedAt: undefined, outcome: undefined, ...over };
  };
  const dslKey = 'alexw@example.com';
  const cases = {
    older: make(7, '2026-11-03T10:00:00Z'),
    newer: make(9, '2026-11-10T10:00:00Z', { procedureId: 'grooming-inappropriate-contact', procedureTitle: 'Worrying online contact with a pupil (possible grooming)' }),
    closed: make(3, '2026-10-01T10:00:00Z', { status: 'closed', closedAt: '2026-10-05T10:00:00Z' }),
    aboutDsl: make(11, '2026-11-12T10:00:00Z', {
      subject: 'dsl',
      routing: { ...make(0, '2026-11-12T10:00:00Z').routing, destination: { kind: 'role-direct', role: 'head' }, excludedRoles: ['dsl'], excludedPeople: [dslKey] },
    }),
    elsewhere: make(12, '2026-11-13T10:00:00Z', {}, 'riverside-academy'),
  };
  for (const incident of Object.values(cases)) await store.create('incidents', incident);
  return cases;
}

describe('"Already known" chooses the case', () => {
  let env: Env;
  afterEach(async () => env.stop());

  it('Teams: the card offers the open cases the team leads, newest first, as reference · type · date; a tampered choice is refused and changes nothing', async () => {
    env = await start('2026-11-23T10:00:05Z');
    const cases = await seedCases(env.store);
    await post(env.bot.url, messageActivity(env.connector.url, DSL, teamsChannel, '<at>eSafety</at> register dsl channel'));
    env.connector.calls.length = 0;
    await send(env, alert(1));
    await send(env, alert(2));
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const [teams] = teamsCards(env);
    const text = JSON.stringify(teams?.card);
    const choiceSets: any[] = [];
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      if (node.type === 'Input.ChoiceSet') choiceSets.push(node);
      for (const v of Object.values(node)) walk(v);
    };
    walk(teams?.card);
    expect(choiceSets.map((c) => [c.id, c.style])).toEqual([
      ['known_0', 'compact'],
      ['known_1', 'compact'],
    ]);
    expect(choiceSets[0].choices).toEqual([
      { title: 'ES-2026-0009 · Worrying online contact with a pupil (possible gro… · 10 Nov', value: cases.newer?.id },
      { title: 'ES-2026-0007 · Online bullying of a pupil · 3 Nov', value: cases.older?.id },
    ]);
    expect(text).not.toContain(PUPIL_NAME);
    expect(text).not.toContain(PUPIL_INITIALS);
    expect(text).not.toContain('ES-2026-0011');

    const known = executeActions(teams?.card).filter((a) => a.verb === 'alert-already-known');
    const act = async (row: number, inputs: Record<string, string>) =>
      JSON.stringify((await post(env.bot.url, actionActivity(env.connector.url, DSL, teamsChannel, 'alert-already-known', { ...known[row]?.data, ...inputs }))).body);
    // Tampered values: a case kept from the DSL, another school's case, one that does not exist; and its reference typed.
    for (const value of [cases.aboutDsl?.id, cases.elsewhere?.id, 'inc-made-up']) {
      expect(await act(0, { known_0: value as string })).toContain('Nothing was changed: That case is not one this alert can be linked to.');
    }
    expect(await act(0, { case_0: 'es-2026-0011' })).toContain('Nothing was changed: ES-2026-0011 is not a case this alert can be linked to.');
    expect(await act(0, {})).toContain('Nothing was changed: Choose the case this alert is already known under.');
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.status).toBe('untriaged');
    const audit = await env.store.query<{ id: string; schoolId: string; outcome: string }>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'alert.triage' }] });
    expect(audit).toEqual([]);

    expect(await act(0, { known_0: cases.older?.id as string })).toContain('Already known: ES-2026-0007');
    // An older case not on the list (closed) by its typed reference, the fallback.
    expect(await act(1, { case_1: 'ES-2026-0003' })).toContain('Already known: ES-2026-0003');
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.triage).toMatchObject({ outcome: 'already-known', incidentId: cases.older?.id });
  });

  it('Slack: the form offers the same cases in a static_select; choosing one links it, a tampered value is refused', async () => {
    env = await start('2026-11-23T10:00:05Z');
    const cases = await seedCases(env.store);
    await env.dsl.slash('register dsl channel', SAFEGUARDING);
    await send(env, alert(1));
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const [slack] = slackPosts(env);
    const blocks = slack?.args.blocks as any[];
    const ts = slack?.answer?.ts as string;
    const before = env.api.callsTo('views.open').length;
    await env.dsl.pressOnMessage(SAFEGUARDING.id, ts, blocks, 'alert-already-known');
    const form = await env.dsl.openedForm(before);
    expect(blockKitProblems(form, 'modal')).toEqual([]);
    const select = form.blocks.find((b: any) => b.block_id === 'caseId');
    expect(select?.element.type).toBe('static_select');
    expect(select?.element.options.map((o: any) => [o.text.text, o.value])).toEqual([
      ['ES-2026-0009 · Worrying online contact with a pupil (possible gro… · 10 Nov', cases.newer?.id],
      ['ES-2026-0007 · Online bullying of a pupil · 3 Nov', cases.older?.id],
    ]);
    env.dsl.fill({ caseId: cases.aboutDsl?.id as string });
    expect((await env.dsl.submit()).json).toMatchObject({ response_action: 'errors', errors: { caseId: expect.stringContaining('not one this alert can be linked to') } });
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.status).toBe('untriaged');
    env.dsl.fill({ caseId: cases.older?.id as string });
    expect((await env.dsl.submit()).status).toBe(200);
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.triage).toMatchObject({ outcome: 'already-known', reference: 'ES-2026-0007' });
    const updated = (await env.api.waitFor('chat.update', 1)).at(-1)?.args;
    expect(JSON.stringify(updated?.blocks)).toContain('Already known: ES-2026-0007');
  });
});
