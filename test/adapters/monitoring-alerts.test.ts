/**
 * Monitoring alerts through the real front door: requests signed as docs/monitoring-alerts.md says,
 * posted to the running bot; the triage card to the DSL channel through the loopback connector; the
 * card's buttons as real Activity JSON to /api/messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { signAlert } from '../../src/adapters/monitoring/alert-signature';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import type { DocumentStore } from '../../src/ports/document-store';
import type { Logger } from '../../src/ports/logger';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { DSL, HEAD } from '../builders/teams-harness';
import { shippedPack } from '../builders/temp-store';
import { testConfig } from '../builders/test-config';

const SCHOOL = 'oakfield-primary';
const SECRET = 'oakfield-monitoring-secret-0123456789abcdef';
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');

interface Env {
  bot: RunningBot;
  store: DocumentStore;
  connector: FakeConnector;
  now: Date;
  logs: Array<{ event: string; fields?: Record<string, unknown> }>;
  stop(): Promise<void>;
}

async function start(at: string): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-alerts-'));
  const store = await createEmbeddedStore({ dataDir });
  const logs: Env['logs'] = [];
  const logger: Logger = { info: () => {}, warn: (event, fields) => logs.push({ event, fields }), error: (event, fields) => logs.push({ event, fields }) };
  const config = testConfig({ MONITORING_SECRETS: JSON.stringify({ [SCHOOL]: SECRET }) });
  const env = { store, logs, now: new Date(at) } as unknown as Env;
  env.connector = await startFakeConnector();
  env.bot = await createBot({ config, pack: shippedPack, store, logger, port: 0, clock: { now: () => env.now } });
  env.stop = async () => {
    await env.bot.close();
    await store.close();
    await env.connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return env;
}

const alert = (n: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({ schoolId: SCHOOL, alertId: `mon-${n}`, category: 'self-harm', severity: 'high', occurredAt: '2026-11-23T09:58:00Z', reference: `LAPTOP-${n}`, ...over });

async function send(env: Env, body: string, opts: { secret?: string; timestamp?: number; school?: string } = {}): Promise<{ status: number; json: any }> {
  const timestamp = String(opts.timestamp ?? Math.floor(env.now.getTime() / 1000));
  const res = await fetch(`${env.bot.url}/monitoring/alerts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-monitoring-school': opts.school ?? SCHOOL,
      'x-monitoring-timestamp': timestamp,
      'x-monitoring-signature': signAlert(opts.secret ?? SECRET, timestamp, body),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function registerChannel(env: Env): Promise<void> {
  await post(env.bot.url, messageActivity(env.connector.url, DSL, dslChannel, '<at>eSafety</at> register dsl channel'));
  env.connector.calls.length = 0;
}

const channelCards = (env: Env) =>
  env.connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId.startsWith('19:safeguarding'))
    .map((c) => c.body.attachments?.[0]?.content)
    .filter(Boolean);

describe('POST /monitoring/alerts', () => {
  let env: Env;
  beforeEach(async () => {
    env = await start('2026-11-23T10:00:05Z');
  });
  afterEach(async () => env.stop());

  it('a signed alert is stored and answered 202; its card reaches the DSL channel when its minute is over, with category, severity, time and reference only', async () => {
    await registerChannel(env);
    const sent = await send(env, alert(1));
    expect(sent).toEqual({ status: 202, json: { status: 'accepted', alertId: 'mon-1' } });
    expect(await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1')).toMatchObject({ category: 'self-harm', severity: 'high', status: 'untriaged' });
    await env.bot.jobs.flush();
    expect(channelCards(env)).toHaveLength(0);
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const [card] = channelCards(env);
    const text = JSON.stringify(card);
    expect(text).toContain('Monitoring alert: high, Self-harm');
    expect(text).toContain('2026-11-23 09:58');
    expect(text).toContain('LAPTOP-1');
    expect(executeActions(card).map((a) => a.title)).toEqual(['Open a case', 'Not a concern', 'Link to this case']);
  });

  it('refuses a bad signature (401, counted and logged without the body), an old or future timestamp, an unknown school, and changes nothing', async () => {
    expect((await send(env, alert(1), { secret: 'x'.repeat(40) })).status).toBe(401);
    expect((await send(env, alert(1), { secret: 'y'.repeat(40) })).json.error).toBe('bad-signature');
    expect((await send(env, alert(1), { timestamp: Math.floor(env.now.getTime() / 1000) - 301 })).json.error).toBe('stale');
    expect((await send(env, alert(1), { timestamp: Math.floor(env.now.getTime() / 1000) + 301 })).json.error).toBe('future');
    expect((await send(env, alert(1, { schoolId: 'riverside-academy' }), { school: 'riverside-academy' })).json.error).toBe('unknown-school');
    const refused = env.logs.filter((l) => l.event === 'monitoring.signature-refused');
    expect(refused.map((l) => [l.fields?.schoolId, l.fields?.cause, l.fields?.count])).toEqual([
      [SCHOOL, 'bad-signature', 1],
      [SCHOOL, 'bad-signature', 2],
      [SCHOOL, 'stale', 3],
      [SCHOOL, 'future', 4],
      ['unknown', 'unknown-school', 1],
    ]);
    expect(JSON.stringify(env.logs)).not.toContain('LAPTOP');
    expect(await env.store.count('alerts', { schoolId: SCHOOL })).toBe(0);
    expect(await env.store.count('outbox', { schoolId: SCHOOL })).toBe(0);
  });

  it('a replayed or retried alert changes nothing (200 duplicate); an oversized body is 413; content fields and bad JSON are refused by name', async () => {
    const body = alert(7);
    expect((await send(env, body)).status).toBe(202);
    expect(await send(env, body)).toEqual({ status: 200, json: { status: 'duplicate', alertId: 'mon-7' } });
    expect((await send(env, alert(7, { severity: 'low' }))).json.status).toBe('duplicate');
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-7'))?.severity).toBe('high');
    expect((await send(env, alert(8, { reference: 'x'.repeat(5000) }))).status).toBe(413);
    const content = await send(env, alert(9, { text: 'what the pupil typed', screenshot: 'base64…' }));
    expect(content.status).toBe(400);
    expect(content.json).toMatchObject({ error: 'fields-not-allowed', fields: ['text', 'screenshot'] });
    expect((await send(env, '{not json')).status).toBe(400);
    expect((await send(env, alert(10, { category: 'gaming' }))).status).toBe(400);
    expect((await send(env, alert(11, { schoolId: 'riverside-academy' }))).json.message).toMatch(/school that signed/);
    expect(await env.store.count('alerts', { schoolId: SCHOOL })).toBe(1);
  });

  it('a burst of 1,000 alerts in a minute with 200 retried: none lost, none duplicated, the channel gets one card, and past the school rate it is 429', async () => {
    await registerChannel(env);
    const statuses: number[] = [];
    const sendAll = async (ns: number[]) => {
      for (let at = 0; at < ns.length; at += 50) {
        const results = await Promise.all(ns.slice(at, at + 50).map((n) => send(env, alert(n, { severity: n % 4 === 0 ? 'critical' : 'low' }))));
        statuses.push(...results.map((r) => r.status));
      }
    };
    await sendAll(Array.from({ length: 1000 }, (_, i) => i));
    // The sender retries 200 of them (it never heard back): the school's bucket holds 1,200 a minute.
    await sendAll(Array.from({ length: 200 }, (_, i) => i * 5));
    expect(statuses.filter((s) => s === 202)).toHaveLength(1000);
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    const over = await send(env, alert(5000));
    expect(over.status).toBe(429);
    expect(await env.store.get('alerts', SCHOOL, 'alert:mon-5000')).toBeUndefined();
    expect(await env.store.count('alerts', { schoolId: SCHOOL })).toBe(1000);
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const cards = channelCards(env);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0])).toContain('1000 new monitoring alerts: 250 critical, 750 low');
  });

  it('with no DSL channel registered, the card goes to the DSL in their own chat', async () => {
    const dm = conversation('personal', 'a:dm-alex');
    await post(env.bot.url, messageActivity(env.connector.url, DSL, dm, 'hi'));
    env.connector.calls.length = 0;
    expect((await send(env, alert(1))).status).toBe(202);
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const toDsl = env.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === 'a:dm-alex');
    expect(JSON.stringify(toDsl.map((c) => c.body.attachments?.[0]?.content))).toContain('Monitoring alert: high, Self-harm');
  });

  it('a severe alert out of hours is posted at once, mentioning the safeguarding team', async () => {
    env.now = new Date('2026-11-23T21:30:00Z');
    await registerChannel(env);
    expect((await send(env, alert(1, { severity: 'critical' }))).status).toBe(202);
    await env.bot.jobs.flush();
    const [card] = channelCards(env);
    expect(JSON.stringify(card)).toContain('<at>Alex Wilber</at>');
    expect(card.msteams.entities.map((e: { mentioned: { id: string } }) => e.mentioned.id)).toContain('user-id-0');
  });

  it('triage on the card: the head is refused and audited; the DSL marks one not a concern (a reason is required) and opens a case for another', async () => {
    await registerChannel(env);
    await send(env, alert(1));
    await send(env, alert(2, { category: 'grooming' }));
    env.now = new Date('2026-11-23T10:01:00Z');
    await env.bot.jobs.flush();
    const [card] = channelCards(env);
    const [open1, notConcern1, , open2] = executeActions(card);
    const act = async (who: typeof DSL, action: { verb: string; data: Record<string, unknown> }, inputs: Record<string, string> = {}) =>
      (await post(env.bot.url, actionActivity(env.connector.url, who, dslChannel, action.verb, { ...action.data, ...inputs }))).body;

    const refused = await act(HEAD, open1 as never);
    expect(JSON.stringify(refused)).toMatch(/Only the people named for this/);
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.status).toBe('untriaged');
    const audit = await env.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'alert.triage' }] });
    expect(audit.map((a) => [a.outcome, a.actor.name, a.detail])).toEqual([['refused', 'Adele Vance', 'not-safeguarding-team:alert:mon-1:alert-open-case']]);

    const noReason = await act(DSL, notConcern1 as never, { reason_0: '  ' });
    expect(JSON.stringify(noReason)).toContain('Nothing was changed: Say why this alert is not a concern.');
    const done = await act(DSL, notConcern1 as never, { reason_0: 'A PSHE lesson on the topic' });
    expect(JSON.stringify(done)).toContain('Not a concern');
    const opened = await act(DSL, open2 as never);
    expect(JSON.stringify(opened)).toContain('Opened as ES-2026-0001');
    const escalation = await env.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'message', op: '=', value: 'dsl-escalation' }] });
    expect(escalation).toHaveLength(1);
  });
});
