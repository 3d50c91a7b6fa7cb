/**
 * A severe monitoring alert nobody triages goes up the chain: alerts POSTed signed to the running bot's
 * /monitoring/alerts, the reminders job run by the bot's scheduler at the test clock's minute, and what
 * reaches the head's own chat through the loopback connector. The head's message has no triage buttons,
 * and a triage action the head forges is refused and audited.
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
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { DSL, HEAD } from '../builders/teams-harness';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { testConfig } from '../builders/test-config';

const SCHOOL = 'oakfield-primary';
const SECRET = 'oakfield-monitoring-secret-0123456789abcdef';
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const headChat = conversation('personal', 'a:dm-adele');

interface Env {
  bot: RunningBot;
  store: DocumentStore;
  connector: FakeConnector;
  now: Date;
  stop(): Promise<void>;
}

async function start(at: string): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'esafety-alert-up-'));
  const store = await createEmbeddedStore({ dataDir });
  const config = testConfig({ MONITORING_SECRETS: JSON.stringify({ [SCHOOL]: SECRET }) });
  const env = { store, now: new Date(at) } as unknown as Env;
  env.connector = await startFakeConnector();
  env.bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0, clock: { now: () => env.now } });
  env.stop = async () => {
    await env.bot.close();
    await store.close();
    await env.connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // The safeguarding channel is registered and the head has opened the bot in their own chat.
  await post(env.bot.url, messageActivity(env.connector.url, DSL, dslChannel, '<at>eSafety</at> register dsl channel'));
  await post(env.bot.url, messageActivity(env.connector.url, HEAD, headChat, 'hi'));
  env.connector.calls.length = 0;
  return env;
}

const alert = (n: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({ schoolId: SCHOOL, alertId: `mon-${n}`, category: 'self-harm', severity: 'critical', occurredAt: '2026-11-23T21:28:00Z', reference: `LAPTOP-${n}`, ...over });

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

/** Moves the clock, runs the scheduled jobs as the scheduler would at that minute, then delivers. */
async function at(env: Env, iso: string): Promise<void> {
  env.now = new Date(iso);
  await env.bot.scheduler.runAll();
  await env.bot.jobs.flush();
}

const cardsIn = (env: Env, conversationId: string) =>
  env.connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId.startsWith(conversationId))
    .map((c) => c.body.attachments?.[0]?.content)
    .filter(Boolean);
// The scheduler runs every job, so the head also gets the digest and AUP reminders: only the alert's message counts here.
const toHead = (env: Env) => cardsIn(env, 'a:dm-adele').filter((c) => JSON.stringify(c).includes('Monitoring alert'));

describe('a severe alert nobody triages goes up the chain', () => {
  let env: Env;
  afterEach(async () => env.stop());

  it('out of hours: the head is told at escalateToHeadAfterMinutes, not before, once, with the four facts, the team to reach and no triage buttons', async () => {
    env = await start('2026-11-23T21:30:00Z');
    expect(await send(env, alert(1))).toBe(202);
    await env.bot.jobs.flush();
    expect(cardsIn(env, '19:safeguarding')).toHaveLength(1);
    await at(env, '2026-11-23T21:44:59Z');
    expect(toHead(env)).toHaveLength(0);
    await at(env, '2026-11-23T21:45:00Z');
    const [card] = toHead(env);
    const text = JSON.stringify(card);
    expect(text).toContain('Monitoring alert not triaged: critical, Self-harm');
    expect(text).toContain('Nobody in the safeguarding team has triaged this alert for 15 minutes.');
    expect(text).toContain('Critical · Self-harm. Time: 2026-11-23 21:28. Device or user: LAPTOP-1.');
    expect(text).toContain('Only the DSL or a deputy can triage it. Please reach the DSL or a deputy now.');
    expect(text).toContain('Designated Safeguarding Lead: Alex Wilber. Deputy Designated Safeguarding Lead: Megan Bowen, Jaya Patel');
    // The pack's emergency number is listed; its placeholder numbers ("REPLACE with…") are not.
    expect(text).toContain('Police, ambulance or fire (emergency): 999');
    expect(text).not.toContain('REPLACE');
    expect(executeActions(card)).toEqual([]);
    expect(text).not.toMatch(/Action\.(Execute|Submit|ShowCard)/);
    // Later runs, and the nags to the channel, never tell the head again.
    await at(env, '2026-11-23T21:50:00Z');
    await at(env, '2026-11-23T22:30:00Z');
    expect(toHead(env)).toHaveLength(1);
    // Nobody further up (the chair of governors) is told: the head is the next role up.
    const queued = await env.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'message', op: '=', value: 'alert-escalation' }] });
    expect(queued.map((m) => (m.to.kind === 'holder' ? m.to.holder.name : m.to.kind))).toEqual(['Adele Vance']);
  });

  it('the head pressing a forged triage action is refused and audited, and the alert stays untriaged', async () => {
    env = await start('2026-11-23T21:30:00Z');
    await send(env, alert(1));
    await at(env, '2026-11-23T21:45:00Z');
    expect(toHead(env)).toHaveLength(1);
    const forged = await post(env.bot.url, actionActivity(env.connector.url, HEAD, headChat, 'alert-open-case', { schoolId: SCHOOL, ref: 'alert:mon-1', row: '0' }));
    expect(JSON.stringify(forged.body)).toMatch(/Only the people named for this/);
    expect((await env.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-1'))?.status).toBe('untriaged');
    const audit = await env.store.query<AuditEvent>('audit', { schoolId: SCHOOL, where: [{ field: 'action', op: '=', value: 'alert.triage' }] });
    expect(audit.map((a) => [a.outcome, a.actor.name, a.detail])).toEqual([['refused', 'Adele Vance', 'not-safeguarding-team:alert:mon-1:alert-open-case']]);
  });

  it('an alert triaged before the minute never goes up; one triaged after it was queued but before it was sent is not sent', async () => {
    env = await start('2026-11-23T21:30:00Z');
    await send(env, alert(1));
    await send(env, alert(2));
    await env.bot.jobs.flush();
    const [card] = cardsIn(env, '19:safeguarding');
    const notConcern = executeActions(card).find((a) => a.verb === 'alert-not-a-concern');
    const decided = await post(env.bot.url, actionActivity(env.connector.url, DSL, dslChannel, 'alert-not-a-concern', { ...notConcern?.data, reason_0: 'A test of the monitoring service' }));
    expect(JSON.stringify(decided.body)).toContain('Not a concern');
    // The second alert's escalation is queued at 21:45, then the DSL triages it before it goes out.
    env.now = new Date('2026-11-23T21:45:00Z');
    await env.bot.scheduler.runAll();
    const queued = await env.store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'message', op: '=', value: 'alert-escalation' }] });
    expect(queued.map((m) => m.alertRef)).toEqual(['alert:mon-2']);
    const other = await env.bot.deps.store.get<AlertRecord>('alerts', SCHOOL, 'alert:mon-2');
    expect(other?.batchId).toBe(`${SCHOOL}:urgent:mon-2`);
    const [card2] = cardsIn(env, '19:safeguarding').slice(1);
    const open2 = executeActions(card2).find((a) => a.verb === 'alert-open-case');
    await post(env.bot.url, actionActivity(env.connector.url, DSL, dslChannel, 'alert-open-case', open2?.data ?? {}));
    await env.bot.jobs.flush();
    await at(env, '2026-11-23T22:00:00Z');
    expect(toHead(env)).toHaveLength(0);
  });

  it('in school hours a severe alert also goes up after the same wait; a low one never does', async () => {
    env = await start('2026-11-23T10:00:05Z');
    await send(env, alert(1, { severity: 'high', occurredAt: '2026-11-23T09:59:00Z' }));
    await send(env, alert(2, { severity: 'low', occurredAt: '2026-11-23T09:59:00Z' }));
    await at(env, '2026-11-23T10:15:04Z');
    expect(toHead(env)).toHaveLength(0);
    await at(env, '2026-11-23T10:15:05Z');
    expect(toHead(env).map((c) => JSON.stringify(c).match(/Monitoring alert not triaged: [a-z]+/)?.[0])).toEqual(['Monitoring alert not triaged: high']);
    await at(env, '2026-11-23T12:00:00Z');
    expect(toHead(env)).toHaveLength(1);
  });
});
