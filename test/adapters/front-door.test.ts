/**
 * Production hardening at the HTTP front door, through the real server: health and readiness,
 * security headers, the body limit, a graceful stop that answers requests in flight and sends what they
 * queued, Slack on the bot's own port, the per-person limit on starting reports, and JSON logs that
 * carry no personal data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { loadConfig } from '../../src/app/config';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import { pinoLogger } from '../../src/app/pino-logger';
import type { DocumentStore } from '../../src/ports/document-store';
import type { Logger } from '../../src/ports/logger';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { lineSink } from '../builders/line-sink';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { SIGNING_SECRET, postSigned, slashCommandBody, FORM } from '../builders/slack-request';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api';
import { DSL as dsl, TEACHER as teacher } from '../builders/teams-harness';

const teacherChat = conversation('personal', 'a:teacher-chat');
const dslChannel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const PLANTED = 'Jamie Smithers';

let connector: FakeConnector;
let dir: string;
let store: DocumentStore;
let bot: RunningBot;
let slackApi: FakeSlackApi | undefined;

async function start(env: Record<string, string> = {}, options: { logger?: Logger; wrap?: (s: DocumentStore) => DocumentStore } = {}) {
  const real = await createEmbeddedStore({ dataDir: dir });
  store = options.wrap ? options.wrap(real) : real;
  const config = loadConfig({ PLAYGROUND: 'off', OUTBOX_INTERVAL_MS: '60000', NAG_INTERVAL_MS: '600000', LOG_LEVEL: 'silent', SCHEDULER: 'off', ...env });
  bot = await createBot({ config, pack: shippedPack, store, logger: options.logger ?? quietLogger, port: 0, slackPort: config.SLACK_PORT === 'same' ? 'same' : 0 });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esafety-door-'));
  connector = await startFakeConnector();
});
afterEach(async () => {
  await bot.close(2_000);
  await store.close();
  await connector.close();
  await slackApi?.close();
  slackApi = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The real store with some methods replaced (the store is a class, so spreading it would lose the rest). */
function intercept(real: DocumentStore, overrides: Partial<Record<keyof DocumentStore, (...args: any[]) => Promise<any>>>): DocumentStore {
  return new Proxy(real, {
    get(target, prop, receiver) {
      const override = overrides[prop as keyof DocumentStore];
      if (override) return override;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const cardOf = (res: { body: any }) => res.body?.activities?.[0]?.attachments?.[0]?.content;

/** A bullying report through the cards, with a pupil's full name typed into the description. */
async function reportThroughCards(): Promise<void> {
  let card = cardOf(await post(bot.url, messageActivity(connector.url, teacher, teacherChat, 'report')));
  const ids = () => executeActions(card).find((a) => a.verb === 'report-next')?.data ?? executeActions(card).find((a) => a.verb === 'report-submit')?.data ?? {};
  const details = {
    whenDate: '2026-11-20',
    whenTime: '10:15',
    description: `${PLANTED} was sent cruel messages in a group chat.`,
    pupils: 'J.S.',
    where: 'Year 6',
    url: 'group chat',
    evidence: 'Screenshots kept.',
    device: 'Own phone',
    staff: '',
  };
  // Bullying, not in danger, the first answer to each question, then the details.
  for (let i = 0; i < 15; i++) {
    const text = JSON.stringify(card);
    if (text.includes('Check and send')) break;
    const firstChoice = /"id":"choice"[\s\S]*?"value":"([^"]+)"/.exec(text)?.[1];
    const values = text.includes('What happened?')
      ? { choice: 'online-bullying-of-pupil' }
      : firstChoice
        ? { choice: text.includes('immediate danger') ? 'no' : firstChoice }
        : text.includes('description')
          ? details
          : {};
    const res = await post(bot.url, actionActivity(connector.url, teacher, teacherChat, 'report-next', { ...ids(), ...values }));
    card = res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
  }
  expect(JSON.stringify(card)).toContain('Check and send');
  const submitted = await post(bot.url, actionActivity(connector.url, teacher, teacherChat, 'report-submit', ids()));
  expect(JSON.stringify(submitted.body)).toMatch(/ES-2026-0001/);
}

describe('health and readiness', () => {
  it('answers /healthz and /readyz with the security headers, and /readyz turns 503 when the store does not answer', async () => {
    let storeDown = false;
    await start({}, { wrap: (s) => intercept(s, { get: (...a: Parameters<DocumentStore['get']>) => (storeDown ? Promise.reject(new Error('down')) : s.get(...a)) }) });
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    for (const [header, value] of [
      ['x-content-type-options', 'nosniff'],
      ['x-frame-options', 'DENY'],
      ['cache-control', 'no-store'],
      ['referrer-policy', 'no-referrer'],
    ]) {
      expect(health.headers.get(header!)).toBe(value);
    }
    expect(health.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(await (await fetch(`${bot.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const messages = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(messages.headers.get('x-content-type-options')).toBe('nosniff');

    storeDown = true;
    await new Promise((r) => setTimeout(r, 5_100)); // readiness is cached for 5 s
    const down = await fetch(`${bot.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'store-unavailable' });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    await start();
    const huge = JSON.stringify({ ...messageActivity(connector.url, teacher, teacherChat, 'report'), padding: 'x'.repeat(300 * 1024) });
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(res.status).toBe(413);
    expect(await store.query('wizards', {})).toEqual([]);
  });
});

describe('graceful stop', () => {
  it('answers the request in flight, sends what it queued, refuses readiness meanwhile, then stops', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let holdNextSubmit = false;
    await start(
      {},
      {
        wrap: (s) =>
          intercept(s, {
            create: async (...a: Parameters<DocumentStore['create']>) => {
              if (holdNextSubmit && a[0] === 'incidents') {
                holdNextSubmit = false;
                await gate;
              }
              return s.create(...a);
            },
          }),
      },
    );
    await post(bot.url, messageActivity(connector.url, dsl, dslChannel, '<at>eSafety</at> register dsl channel'));
    // Walk to the last step, then hold the submission inside the store while the bot is asked to stop.
    const submit = (async () => {
      holdNextSubmit = true;
      await reportThroughCards();
    })();
    while (bot.inFlight() === 0 || holdNextSubmit) await new Promise((r) => setTimeout(r, 20));
    const stopping = bot.close(10_000);
    await new Promise((r) => setTimeout(r, 100));
    // New connections are no longer accepted while the last request finishes.
    await expect(fetch(`${bot.url}/readyz`)).rejects.toThrow();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false);
    release();
    await submit;
    await stopping;
    expect(await store.query('incidents', {})).toHaveLength(1);
    // The escalation the last request queued went out before the bot stopped (the outbox interval is a minute).
    expect(connector.calls.some((c) => c.method === 'POST' && c.conversationId.startsWith('19:safeguarding'))).toBe(true);
  });
});

describe("Slack on the bot's own port (SLACK_PORT=same, as App Service needs)", () => {
  it('serves signed Slack requests at /slack/events beside /api/messages, and refuses a forged one', async () => {
    slackApi = await startFakeSlackApi();
    await start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.url, SLACK_PORT: 'same' });
    expect(bot.slackUrl).toBe(bot.url);
    const body = slashCommandBody({ id: 'U0TEACH01', name: 'sam.teacher' }, '');
    const ok = await postSigned(bot.url, body, FORM);
    expect(ok.status).toBe(200);
    await slackApi.waitFor('views.open', 1);
    const forged = await postSigned(bot.url, body, FORM, { secret: 'not-the-secret-at-all' });
    expect(forged.status).toBe(401);
    expect(slackApi.callsTo('views.open')).toHaveLength(1);
    expect(await store.query('wizards', {})).toHaveLength(1);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('limit on starting reports', () => {
  it('Teams: after the burst, the next report is paused with words about what to do, and no draft is made', async () => {
    await start({ REPORT_LIMIT_BURST: '3', REPORT_LIMIT_PER_HOUR: '4' });
    for (let i = 0; i < 3; i++) expect(JSON.stringify(cardOf(await post(bot.url, messageActivity(connector.url, teacher, teacherChat, 'report'))))).toContain('What happened?');
    const paused = JSON.stringify(cardOf(await post(bot.url, messageActivity(connector.url, teacher, teacherChat, 'report'))));
    expect(paused).toContain('Please wait a moment');
    expect(paused).toMatch(/paused new ones for 15 minutes/);
    expect(paused).toContain('call 999 and tell Alex Wilber (Designated Safeguarding Lead) in person');
    expect(await store.query('wizards', {})).toHaveLength(3);
    // Someone else is not affected.
    expect(JSON.stringify(cardOf(await post(bot.url, messageActivity(connector.url, dsl, conversation('personal', 'a:dsl'), 'report'))))).toContain('What happened?');
  });

  it('Slack: the paused report opens a notice instead of the form', async () => {
    slackApi = await startFakeSlackApi();
    await start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.url, REPORT_LIMIT_BURST: '1' });
    const url = bot.slackUrl as string;
    const body = () => slashCommandBody({ id: 'U0TEACH01', name: 'sam.teacher' }, '');
    expect((await postSigned(url, body(), FORM)).status).toBe(200);
    await slackApi.waitFor('views.open', 1);
    expect((await postSigned(url, body(), FORM)).status).toBe(200);
    await slackApi.waitFor('views.open', 2);
    const notice = JSON.stringify(slackApi.callsTo('views.open')[1]?.args.view);
    expect(notice).toContain('Please wait a moment');
    expect(notice).toContain('call 999');
    expect(await store.query('wizards', {})).toHaveLength(1);
  });
});

describe('logs', () => {
  it('are JSON lines with level, time and event, and carry no pupil name, typed text or staff name', async () => {
    const lines: string[] = [];
    const sink = lineSink((line) => lines.push(line));
    await start({}, { logger: pinoLogger('info', sink) });
    await post(bot.url, messageActivity(connector.url, dsl, dslChannel, '<at>eSafety</at> register dsl channel'));
    await reportThroughCards();
    await bot.jobs.flush();
    // A tampered card payload and a failing turn are logged too.
    await post(bot.url, actionActivity(connector.url, teacher, teacherChat, 'report-next', { wizardId: 'nope', schoolId: '<script>', revision: 'x' }));
    await bot.close(2_000);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      const entry = JSON.parse(line);
      expect(entry).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.any(String), event: expect.any(String), service: 'esafety-bot' });
    }
    const all = lines.join('\n');
    for (const secret of [PLANTED, 'J.S.', 'cruel messages', 'Sam Teacher', 'Alex Wilber']) expect(all).not.toContain(secret);
  });

  it('redact fields that could carry personal data even when a caller passes them by mistake', () => {
    const lines: string[] = [];
    const logger = pinoLogger(
      'info',
      lineSink((line) => lines.push(line)),
    );
    logger.warn('oops', { name: 'Jamie Smithers', nested: { email: 'j@example.org', note: 'text' }, incidentId: 'inc-1' });
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({ event: 'oops', name: '[redacted]', nested: { email: '[redacted]', note: '[redacted]' }, incidentId: 'inc-1' });
  });
});
