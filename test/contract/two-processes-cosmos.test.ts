/**
 * Two bot processes behind a load balancer on one Cosmos database, as App Service runs a scaled-out
 * bot: the real `src/app/main.ts` in two OS processes (each its own SDK client, outbox loop, nag loop
 * and scheduler) against `@vercel/cosmosdb-server`, sending to a fake Bot Framework connector. Every
 * request goes to the other process from the one before, so each report's wizard hops between them.
 *
 * Part 1: both processes run their start-up catch-up of the scheduled jobs (AUP reminders, weekly
 * digest) at the same moment and deliver the outbox every 200 ms; each escalation card, digest and AUP
 * reminder reaches Teams exactly once, and the store holds each incident once with its chronology.
 * Part 2: one process is SIGKILLed in the middle of a report; the survivor finishes it and delivers it,
 * and nothing from before is sent again or lost.
 *
 * The clock: CLOCK_START puts both processes at Monday 23 November 2026, 09:00 in London (GMT): a
 * school day (no holiday in policy/aup.yaml), inside AUP working hours (08:30-16:30), after the digest
 * time (Monday 08:00). People meet the bot first, earlier that morning, through a process that runs no
 * scheduled jobs: the catch-up runs only 5 s after start, so the register and conversations must exist
 * before the two processes come up for it to find anyone.
 * Limits: an urgent incident's nag is first due 5 minutes after the report, so the nag loops run on
 * both processes (every second) but none can fall due within the test; it checks none goes early.
 */
import { randomUUID } from 'node:crypto';
import { createCosmosStore } from '../../src/adapters/cosmos/cosmos-store';
import type { Incident } from '../../src/core/incidents/incident';
import type { OutboxMessage } from '../../src/core/delivery/outbox';
import type { DocumentStore } from '../../src/ports/document-store';
import { type BotProcess, freePort, spawnBot } from '../builders/spawn-bot';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { type CosmosTestServer, startCosmosServer } from '../fakes/cosmos-server';
import { type ConnectorCall, type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { DSL as dsl, HEAD as head, TEACHER as teacher } from '../builders/teams-harness';

jest.setTimeout(60_000);

// Monday 23 November 2026 in London (GMT in November, so Z is local time).
const MONDAY_0845 = '2026-11-23T08:45:00Z';
const MONDAY_0900 = '2026-11-23T09:00:00Z';
const SCHOOL = 'oakfield-primary';

const headChat = conversation('personal', 'a:head-chat');
const dslChat = conversation('personal', 'a:dsl-chat');
const teacherChat = conversation('personal', 'a:teacher-chat');
const dslThread = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const DSL_CHANNEL = '19:safeguarding@thread.tacv2';

const ESCALATION = 'Safeguarding concern';
const DIGEST = 'Weekly online-safety digest';
const AUP_REMINDER = 'Reminder: please read and sign';
const NAG = 'still not acknowledged';

let server: CosmosTestServer;
let connector: FakeConnector;
let databaseId: string;
let store: DocumentStore | undefined;
const processes: BotProcess[] = [];
let a: BotProcess;
let b: BotProcess;
/** When the later of the two came up; both catch-ups run 5 s after their start. */
let bothUpAt = 0;

function botEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STORE: 'cosmos',
    COSMOS_ENDPOINT: server.endpoint,
    COSMOS_KEY: server.key,
    COSMOS_DATABASE: databaseId,
    // The test server's certificate is self-signed: accepted by this child only.
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    PORT: String(port),
    PLAYGROUND: 'off',
    OUTBOX_INTERVAL_MS: '200',
    NAG_INTERVAL_MS: '1000',
    LOG_LEVEL: 'info',
    SCHEDULER: 'on',
    CLOCK_START: MONDAY_0900,
    SHUTDOWN_TIMEOUT_MS: '3000',
    ...extra,
  };
}

async function startBot(name: string, extra: Record<string, string> = {}): Promise<BotProcess> {
  const bot = spawnBot(name, botEnv(await freePort(), extra));
  processes.push(bot);
  return bot;
}

/** On failure, shows what every process printed (the end of it). */
async function showingOutput(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const tails = processes.map((p) => `----- ${p.name} (pid ${p.pid}, exit ${JSON.stringify(p.exit ?? 'running')}) -----\n${p.output().split('\n').slice(-120).join('\n')}`);
    console.error(`What the bot processes printed:\n${tails.join('\n')}`);
    throw error;
  }
}

/**
 * The load balancer: each flow of requests goes to the process after the one it used last; a process
 * that refuses the connection is taken out of rotation and the request goes to the next one.
 */
class Balancer {
  private readonly down = new Set<BotProcess>();
  constructor(private readonly pool: BotProcess[]) {}

  flow(start = 0) {
    let turn = start;
    const served: string[] = [];
    return {
      served,
      post: async (activity: object) => {
        for (let tries = 0; tries < this.pool.length; tries++) {
          const bot = this.pool[turn++ % this.pool.length] as BotProcess;
          if (this.down.has(bot)) continue;
          try {
            const res = await post(bot.url, activity);
            served.push(bot.name);
            if (res.status !== 200) throw new Error(`${bot.name} answered ${res.status}: ${JSON.stringify(res.body)}`);
            return res;
          } catch (error) {
            const code = ((error as Error).cause as { code?: string } | undefined)?.code;
            if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
            this.down.add(bot);
          }
        }
        throw new Error('no bot process is answering');
      },
    };
  }
}
type Flow = ReturnType<Balancer['flow']>;

const cardOf = (activity: any) => activity?.attachments?.[0]?.content;
const text = (x: unknown) => JSON.stringify(x);
const invokeBody = (res: { body: any }) => res.body?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body;
const press = async (flow: Flow, user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) =>
  invokeBody(await flow.post(actionActivity(connector.url, user, conv, verb, data)));

/** Every input in a card: its id and, for a choice set, the values offered. */
function inputs(card: any): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.id)
      found.set(
        node.id,
        (node.choices ?? []).map((c: any) => String(c.value)),
      );
    for (const value of Object.values(node)) walk(value);
  };
  walk(card);
  return found;
}

const DETAILS = {
  whenDate: '2026-11-23',
  whenTime: '08:40',
  where: 'Year 6',
  pupils: 'J.S.',
  url: 'game chat',
  device: 'Own phone',
  evidence: 'Nothing copied.',
  staff: '',
  description: 'A pupil told me an adult online keeps messaging them.',
};

/**
 * The teacher reports worrying online contact with a pupil, card by card, each request through the
 * balancer. `danger` answers "Is a child in immediate danger right now?". `afterStep` runs after each
 * answered card (part 2 kills a process there). `doubleSubmit` presses "Send" on two processes at once.
 */
async function reportGrooming(flow: Flow, danger: 'yes' | 'no', options: { afterStep?: (step: number) => Promise<void>; doubleSubmit?: Flow } = {}) {
  const started = await flow.post(messageActivity(connector.url, teacher, teacherChat, 'report'));
  let card = cardOf(started.body?.activities?.[0]);
  expect(text(card)).toContain('What happened?');
  for (let step = 0; step < 25; step++) {
    const actions = executeActions(card);
    const submit = actions.find((x) => x.verb === 'report-submit');
    if (submit) {
      const presses = [press(flow, teacher, teacherChat, 'report-submit', submit.data)];
      if (options.doubleSubmit) presses.push(press(options.doubleSubmit, teacher, teacherChat, 'report-submit', submit.data));
      const receipts = (await Promise.all(presses)).map((body) => body?.value);
      const reference = /ES-2026-\d{4}/.exec(text(receipts[0]))?.[0];
      expect(reference).toBeDefined();
      // Both presses show the one receipt: same reference, nothing to press.
      for (const receipt of receipts) {
        expect(text(receipt)).toContain(reference);
        expect(executeActions(receipt)).toEqual([]);
      }
      return { receipt: receipts[0], reference: reference as string };
    }
    // A short list of answers is one button each (the answer rides on the button); otherwise a list and Next.
    const answerButtons = actions.filter((x) => x.verb === 'report-next' && typeof x.data.choice === 'string' && x.data.choice !== 'danger-now');
    const next = answerButtons.length ? answerButtons[0] : actions.find((x) => x.verb === 'report-next' && x.data.choice === undefined);
    if (!next) throw new Error(`a wizard card with no way on: ${text(card).slice(0, 500)}`);
    const fields = inputs(card);
    const offered = answerButtons.length ? answerButtons.map((x) => String(x.data.choice)) : (fields.get('choice') ?? []);
    let values: Record<string, string> = {};
    if (offered.includes('grooming-inappropriate-contact')) values = { choice: 'grooming-inappropriate-contact' };
    else if (text(card).includes('immediate danger right now')) values = { choice: danger };
    else if (offered.length) values = { choice: ['no', 'no-or-unknown', 'stranger'].find((o) => offered.includes(o)) ?? (offered[0] as string) };
    else if (fields.has('description')) values = DETAILS;
    const body = await press(flow, teacher, teacherChat, 'report-next', { ...next.data, ...values });
    card = body?.value;
    if (!card || /did not work|cannot be used|could not be found/.test(text(card))) throw new Error(`the wizard refused a step: ${text(body).slice(0, 500)}`);
    await options.afterStep?.(step);
  }
  throw new Error('the wizard did not reach "Send" in 25 steps');
}

const posts = (conversationId: string, words: string) => connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId && text(c.body).includes(words));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `ready()` holds, at least `notBefore` (epoch ms) has passed, and the connector has
 * received nothing new for `quietMs` (several outbox passes on both processes).
 */
async function settle(ready: () => boolean, notBefore: number, quietMs = 1_500, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = connector.calls.length;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(100);
    if (connector.calls.length !== seen) {
      seen = connector.calls.length;
      quietSince = Date.now();
    }
    if (ready() && Date.now() >= notBefore && Date.now() - quietSince >= quietMs) return;
  }
  const summary = connector.calls.map((c) => `${c.method} ${c.conversationId} ${text(c.body).slice(0, 160)}`).join('\n');
  throw new Error(`the sends did not settle within ${timeoutMs} ms; the connector received:\n${summary}`);
}

/** No conversation got the same card twice (every message the bot sends differs from the others there). */
function expectNoDuplicateSends(): void {
  const seen = new Map<string, ConnectorCall>();
  const duplicates: string[] = [];
  for (const call of connector.calls.filter((c) => c.method === 'POST')) {
    const key = `${call.conversationId} ${text(call.body.attachments ?? call.body.text)}`;
    if (seen.has(key)) duplicates.push(`${call.conversationId}: ${text(call.body).slice(0, 200)}`);
    seen.set(key, call);
  }
  expect(duplicates).toEqual([]);
}

/** Nothing went wrong inside either process (a failed outbox pass, job, nag or turn logs an error). */
function expectNoErrorsLogged(bots: BotProcess[]): void {
  const errors = bots.flatMap((bot) =>
    bot
      .logs()
      .filter((line) => line.level === 'error' || line.level === 'fatal')
      .map((line) => `${bot.name}: ${text(line)}`),
  );
  expect(errors).toEqual([]);
}

beforeAll(async () => {
  server = await startCosmosServer();
  connector = await startFakeConnector();
  databaseId = `two-processes-${randomUUID()}`;
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop(5_000)));
  await store?.close();
  await connector?.close();
  await server?.stop();
});

let first: { reference: string };
let urgent: { reference: string; receipt: unknown };

test('part 1: two processes on one database send every card, digest and reminder once', async () => {
  await showingOutput(async () => {
    // Earlier that morning people met the bot (this process runs no scheduled jobs).
    const early = await startBot('early', { CLOCK_START: MONDAY_0845, SCHEDULER: 'off' });
    await early.healthy();
    const once = new Balancer([early]).flow();
    await once.post(messageActivity(connector.url, head, headChat, 'help'));
    await once.post(messageActivity(connector.url, dsl, dslChat, 'aup'));
    await once.post(messageActivity(connector.url, teacher, teacherChat, 'hello'));
    const registered = await once.post(messageActivity(connector.url, dsl, dslThread, '<at>eSafety</at> register dsl channel'));
    expect(text(registered.body)).toContain('will now come to this channel');
    await early.stop();
    expect(early.exit).toEqual(expect.objectContaining({ code: 0 }));

    // 09:00: two processes start together; each runs the catch-up 5 s later.
    [a, b] = await Promise.all([startBot('A'), startBot('B')]);
    await Promise.all([a.healthy(), b.healthy()]);
    bothUpAt = Date.now();
    const balancer = new Balancer([a, b]);

    // Two reports at once, each card to the other process from the last; the first "Send" is pressed on both.
    const [plain, danger] = [balancer.flow(0), balancer.flow(1)];
    [first, urgent] = await Promise.all([reportGrooming(plain, 'no', { doubleSubmit: balancer.flow(1) }), reportGrooming(danger, 'yes')]);
    expect(new Set(plain.served)).toEqual(new Set(['A', 'B']));
    expect(new Set(danger.served)).toEqual(new Set(['A', 'B']));
    // Two numbers from one sequence with no gap, although "Send" on the first was pressed on both
    // processes at once (the counter remembers which report each number went to).
    expect([first.reference, urgent.reference].sort()).toEqual(['ES-2026-0001', 'ES-2026-0002']);
    expect(text(urgent.receipt)).toContain('URGENT');

    // The DSL acknowledges the first from its card, double-pressed through both processes.
    await settle(() => posts(DSL_CHANNEL, first.reference).length > 0, 0, 300);
    const card = cardOf(posts(DSL_CHANNEL, first.reference)[0]?.body);
    const ack = executeActions(card).find((x) => x.verb === 'acknowledge');
    expect(ack).toBeDefined();
    const answers = await Promise.all([press(balancer.flow(0), dsl, dslThread, 'acknowledge', ack!.data), press(balancer.flow(1), dsl, dslThread, 'acknowledge', ack!.data)]);
    // One press acknowledges it; the other is told it already was.
    expect(answers.filter((x) => text(x).includes('Acknowledged by'))).toHaveLength(1);
    expect(answers.filter((x) => text(x).includes('already acknowledged'))).toHaveLength(1);

    // Wait for both catch-ups (5 s after start) and for the outbox to go quiet on both processes.
    const expected = () =>
      posts(DSL_CHANNEL, urgent.reference).length > 0 &&
      posts('a:head-chat', DIGEST).length > 0 &&
      posts('a:teacher-chat', 'picked up').length > 0 &&
      ['a:head-chat', 'a:dsl-chat', 'a:teacher-chat'].every((chat) => posts(chat, AUP_REMINDER).length > 0);
    await settle(expected, bothUpAt + 7_000);

    // Teams received each escalation card once, in the channel.
    expect(
      posts(DSL_CHANNEL, ESCALATION)
        .map((c) => /ES-2026-\d{4}/.exec(text(c.body))?.[0])
        .sort(),
    ).toEqual([first.reference, urgent.reference]);
    expect(text(posts(DSL_CHANNEL, urgent.reference)[0]?.body)).toContain('<at>Alex Wilber</at>');
    // The acknowledgement updated the channel card once, and the teacher heard once.
    expect(connector.calls.filter((c) => c.method === 'PUT' && c.conversationId === DSL_CHANNEL)).toHaveLength(1);
    expect(posts('a:teacher-chat', `${first.reference} has been picked up`)).toHaveLength(1);
    // The receipts were the cards that replaced "Send" (checked above); the teacher's chat got one
    // delivery report per incident (who was reached), the news and the AUP reminder, no second receipt.
    const reports = posts('a:teacher-chat', 'Who has been told about').map((c) => /ES-2026-\d{4}/.exec(text(c.body))?.[0]);
    expect(reports.sort()).toEqual([first.reference, urgent.reference].sort());
    expect(connector.calls.filter((c) => c.conversationId === 'a:teacher-chat')).toHaveLength(4);
    // The head is told for information (an urgent concern always): once per incident, no pupil details.
    const told = posts('a:head-chat', 'For your information').map((c) => /ES-2026-\d{4}/.exec(text(c.body))?.[0]);
    expect(told).toContain(urgent.reference);
    expect(new Set(told).size).toBe(told.length);
    expect(text(posts('a:head-chat', 'For your information'))).not.toContain('keeps messaging');
    // The weekly digest once; each AUP reminder once.
    expect(posts('a:head-chat', DIGEST)).toHaveLength(1);
    expect(posts('a:head-chat', AUP_REMINDER)).toHaveLength(1);
    expect(posts('a:dsl-chat', AUP_REMINDER)).toHaveLength(1);
    expect(posts('a:teacher-chat', AUP_REMINDER)).toHaveLength(1);
    // The nag loops ran on both; the first nag is due at 5 minutes, so none yet.
    expect(connector.calls.filter((c) => text(c.body).includes(NAG))).toEqual([]);
    expectNoDuplicateSends();
    expectNoErrorsLogged([a, b]);
    // The catch-up ran: between them the processes ran each job that had work (a job that finds work logs it).
    const ran = [a, b].flatMap((bot) =>
      bot
        .logs()
        .filter((line) => line.event === 'job.ran')
        .map((line) => line.job),
    );
    expect(ran).toEqual(expect.arrayContaining(['aup-reminders', 'weekly-digest']));

    // The store: each incident once, with its chronology; the acknowledgement recorded once.
    store = await createCosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, databaseId });
    const incidents = await store.query<Incident>('incidents', { schoolId: SCHOOL });
    expect(incidents.map((i) => i.reference).sort()).toEqual([first.reference, urgent.reference]);
    expect(new Set(incidents.map((i) => i.wizardId)).size).toBe(2);
    for (const incident of incidents) {
      expect(incident.procedureId).toBe('grooming-inappropriate-contact');
      expect(incident.details.description).toBe(DETAILS.description);
      expect(incident.chronology.slice(0, 2).map((e) => e.action)).toEqual(['reported', 'routed']);
    }
    const acked = incidents.find((i) => i.reference === first.reference)!;
    expect(acked.status).toBe('acknowledged');
    expect(acked.chronology.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
    const urgentIncident = incidents.find((i) => i.reference === urgent.reference)!;
    expect(urgentIncident.immediateRisk).toBe(true);
    expect(urgentIncident.status).toBe('reported');
    // Every escalation, reminder and the digest is marked sent; nothing is stuck claimed by a process.
    const outbox = await store.query<OutboxMessage>('outbox', { schoolId: SCHOOL });
    expect(outbox.filter((m) => m.status === 'sending')).toEqual([]);
    const escalations = outbox.filter((m) => m.message === 'dsl-escalation');
    expect(escalations.map((m) => [m.incidentId, m.status])).toEqual(expect.arrayContaining(incidents.map((i) => [i.id, 'sent'])));
    expect(escalations).toHaveLength(2);
    const reminders = outbox.filter((m) => m.message === 'aup-reminder');
    expect(reminders.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    expect(outbox.filter((m) => m.message === 'weekly-digest' && m.digest?.scope === 'school').map((m) => m.status)).toEqual(['sent']);
  });
});

test('part 2: a process is killed mid-report; the survivor finishes and delivers it, nothing doubled or lost', async () => {
  await showingOutput(async () => {
    if (!a || !b || !store || !first) throw new Error('part 1 did not run');
    const before = connector.calls.length;
    const balancer = new Balancer([a, b]);
    const flow = balancer.flow(0);
    // A report starts across both processes; after its second card process A dies (SIGKILL, no goodbye).
    const third = await reportGrooming(flow, 'no', {
      afterStep: async (step) => {
        if (step === 1) await a.kill();
      },
    });
    expect(a.exit?.signal).toBe('SIGKILL');
    expect(flow.served.slice(0, 3)).toEqual(['A', 'B', 'A']);
    // Every step after the kill went to the survivor.
    expect(flow.served.slice(3).every((name) => name === 'B')).toBe(true);
    expect(third.reference).toBe('ES-2026-0003');

    await settle(() => posts(DSL_CHANNEL, third.reference).length > 0, 0);
    expect(posts(DSL_CHANNEL, third.reference)).toHaveLength(1);
    // Nothing from part 1 went again: only the new incident's card, the head's note of it, the DSL's
    // own task card (they are the online-safety co-ordinator too), and the teacher's delivery report.
    await settle(() => posts('a:teacher-chat', `Who has been told about ${third.reference}`).length > 0, 0);
    const since = connector.calls.slice(before);
    expect(since.map((c) => `${c.method} ${c.conversationId}`).sort()).toEqual([`POST ${DSL_CHANNEL}`, 'POST a:dsl-chat', 'POST a:head-chat', 'POST a:teacher-chat']);
    expect(since.every((c) => text(c.body).includes(third.reference))).toBe(true);
    expect(posts(DSL_CHANNEL, ESCALATION)).toHaveLength(3);
    expect(posts('a:head-chat', DIGEST)).toHaveLength(1);
    expectNoDuplicateSends();
    expectNoErrorsLogged([a, b]);
    expect(b.exit).toBeUndefined();

    const incidents = await store.query<Incident>('incidents', { schoolId: SCHOOL });
    expect(incidents.map((i) => i.reference).sort()).toEqual([first.reference, urgent.reference, third.reference].sort());
    const latest = incidents.find((i) => i.reference === third.reference)!;
    expect(latest.chronology.map((e) => e.action)).toEqual(['reported', 'routed', 'told']);
    const outbox = await store.query<OutboxMessage>('outbox', { schoolId: SCHOOL, where: [{ field: 'incidentId', op: '=', value: latest.id }] });
    expect(outbox.find((m) => m.message === 'dsl-escalation')?.status).toBe('sent');
    expect(outbox.filter((m) => m.status === 'sending')).toEqual([]);
  });
});
