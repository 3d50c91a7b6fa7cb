/**
 * The Teams requests the benchmark times, prepared before timing: fresh `/report` wizards (one per
 * timed wizard step), wizards walked to their review step (one per timed submit), and the checks that
 * make a wrong answer fail the run instead of being counted. Every request is Bot Framework Activity
 * JSON posted to `/api/messages` with `deliveryMode: 'expectReplies'`; each report is started by a
 * different member of staff, so the per-person limit on starting reports is not what is measured.
 */
import { type BenchClient, type Reply, load } from './bench-http';
import { actionActivity, conversation, executeActions, messageActivity, type TeamsUser } from '../test/builders/teams-activity';

export const TEAMS_CONCURRENCY = 16;
export const PROCEDURE = 'filtering-breach';
const USERS = 16;

/** Where the bot's proactive sends go: the activities' `serviceUrl` (the benchmark's fake Bot Connector). */
let serviceUrl = 'http://127.0.0.1:9';
export function useServiceUrl(url: string): void {
  serviceUrl = url;
}

const userAt = (i: number): TeamsUser => ({ id: `29:bench-${i}`, aadObjectId: `aad-bench-${i}`, name: `Bench Teacher ${i}` });
const chatAt = (i: number) => conversation('personal', `a:bench-chat-${i}`);
let nextReporter = 0;

/** Posts one activity body to a Teams server. */
export function postActivity(client: BenchClient, url: string, body: string): Promise<Reply> {
  return client.post(new URL(url), '/api/messages', body, { 'content-type': 'application/json' });
}

/** Posts every body, TEAMS_CONCURRENCY in flight. */
export function loadActivities(client: BenchClient, url: string, bodies: string[]) {
  return load(bodies.length, TEAMS_CONCURRENCY, (i) => postActivity(client, url, bodies[i]!));
}

export function parseOk(reply: Reply, what: string): any {
  if (reply.status !== 200) throw new Error(`${what}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
  return JSON.parse(reply.text);
}

/** With expectReplies the invoke response travels in the replies: { type: 'invokeResponse', value: { status, body } }. */
export function invokeCard(reply: Reply, what: string): any {
  const card = parseOk(reply, what)?.activities?.find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
  if (!card) throw new Error(`${what}: no card in the invoke response: ${reply.text.slice(0, 300)}`);
  return card;
}

function messageCard(reply: Reply, what: string): any {
  const card = parseOk(reply, what)?.activities?.[0]?.attachments?.[0]?.content;
  if (!card) throw new Error(`${what}: no card in the reply: ${reply.text.slice(0, 300)}`);
  return card;
}

const wizardIds = (card: any) => executeActions(card).find((a) => a.verb === 'report-next')?.data ?? executeActions(card).find((a) => a.verb === 'report-submit')?.data;

export function refused(card: any): string | undefined {
  return /not recognised|That did not work|could not be found|only the person/i.exec(JSON.stringify(card))?.[0];
}

interface Wizard {
  user: number;
  ids: Record<string, unknown>;
  card: any;
}

/** The echo floor's i-th message, and the check of its reply. */
export const echoBody = (i: number) => JSON.stringify(messageActivity(serviceUrl, userAt(i % USERS), chatAt(i % USERS), `echo ${i}`));
export const checkEcho = (reply: Reply, i: number) => {
  const said = parseOk(reply, 'echo')?.activities?.[0]?.text;
  if (i >= 0 && said !== `echo ${i}`) throw new Error(`echo: wrong reply ${reply.text.slice(0, 200)}`);
};

/** A wizard step must answer with the procedure's first question. */
export const checkStep = (what: string) => (reply: Reply) => {
  const card = invokeCard(reply, what);
  const bad = refused(card);
  if (bad || !JSON.stringify(card).includes('What went wrong?')) throw new Error(`${what}: unexpected card (${bad ?? 'not the first question'})`);
};

/** A submit must answer with the receipt and its reference. */
export const checkSubmit = (reply: Reply) => {
  const card = invokeCard(reply, 'submit');
  const bad = refused(card);
  if (bad || !/ES-\d{4}-\d+/.test(JSON.stringify(card))) throw new Error(`submit: no receipt (${bad ?? 'no reference'}): ${JSON.stringify(card).slice(0, 300)}`);
};

/** Every Teams id the policy pack names (the safeguarding team, the head, the technician …). */
const HOLDER_IDS = ['user-id-0', 'user-id-1', 'user-id-2', 'user-id-3', 'user-id-4', 'user-id-5', 'user-id-6', 'user-id-7'];

/**
 * As in a school that has set the bot up: the DSL (user-id-0) registers the safeguarding channel, and
 * everyone the pack names has opened a chat with the bot, so every delivery has somewhere to go.
 */
export async function setUpSchool(client: BenchClient, url: string): Promise<void> {
  const dsl: TeamsUser = { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
  const channel = conversation('channel', '19:bench-safeguarding@thread.tacv2;messageid=1');
  const bodies = [
    JSON.stringify(messageActivity(serviceUrl, dsl, channel, '<at>eSafety</at> register dsl channel')),
    ...HOLDER_IDS.map((id, i) => JSON.stringify(messageActivity(serviceUrl, { id, aadObjectId: `aad-holder-${i}`, name: `Holder ${i}` }, conversation('personal', `a:bench-holder-${i}`), 'hi'))),
  ];
  for (const body of bodies) parseOk(await postActivity(client, url, body), 'set-up');
}

/** Posts `report` n times (each from a different member of staff) and returns each fresh wizard. */
async function startWizards(client: BenchClient, url: string, n: number): Promise<Wizard[]> {
  const who = Array.from({ length: n }, () => nextReporter++);
  const bodies = who.map((u) => JSON.stringify(messageActivity(serviceUrl, userAt(u), chatAt(u), 'report')));
  const { replies } = await loadActivities(client, url, bodies);
  return replies.map((reply, i) => {
    const card = messageCard(reply, 'report');
    const ids = wizardIds(card);
    if (!ids || !JSON.stringify(card).includes('What happened?')) throw new Error(`report: not a fresh wizard: ${reply.text.slice(0, 300)}`);
    return { user: who[i]!, ids, card };
  });
}

const nextBody = (w: Wizard, values: Record<string, string>) => JSON.stringify(actionActivity(serviceUrl, userAt(w.user), chatAt(w.user), 'report-next', { ...w.ids, ...values }));

/** `n` timed wizard steps: each chooses the procedure on a wizard of its own, started now. */
export async function stepBodies(client: BenchClient, url: string, n: number): Promise<string[]> {
  return (await startWizards(client, url, n)).map((w) => nextBody(w, { choice: PROCEDURE }));
}

/** The answer for the step a card shows, walking `filtering-breach` as a person would. */
function answerFor(card: any): Record<string, string> {
  const text = JSON.stringify(card);
  if (text.includes('What went wrong?')) return { choice: 'got-through' };
  if (text.includes('Did anyone see harmful content')) return { choice: 'nothing' };
  if (text.includes('whenDate')) {
    return {
      whenDate: '2026-11-20',
      whenTime: '10:15',
      where: 'ICT suite',
      url: 'https://example.org/page',
      device: 'School laptop 14, pupil login',
      pupils: 'J.S.',
      description: 'A site that should have been blocked opened during the lesson; the page was closed straight away.',
    };
  }
  if (text.includes('What happened?')) return { choice: PROCEDURE }; // triage (after details: a field has that label too)
  return {}; // guidance, checklist: just carry on
}

/** `n` timed submits: wizards walked (in parallel waves) to their review step, each then sent once. */
export async function submitBodies(client: BenchClient, url: string, n: number): Promise<string[]> {
  const wizards = await startWizards(client, url, n);
  let pending = wizards;
  for (let step = 0; pending.length; step++) {
    if (step > 15) throw new Error('walk: review step not reached in 15 steps');
    const { replies } = await loadActivities(
      client,
      url,
      pending.map((w) => nextBody(w, answerFor(w.card))),
    );
    replies.forEach((reply, i) => {
      const w = pending[i]!;
      w.card = invokeCard(reply, 'walk');
      const bad = refused(w.card);
      if (bad) throw new Error(`walk: refused (${bad}): ${reply.text.slice(0, 300)}`);
      const ids = wizardIds(w.card);
      if (!ids) throw new Error(`walk: no wizard ids on the card: ${reply.text.slice(0, 300)}`);
      w.ids = ids;
    });
    pending = pending.filter((w) => !JSON.stringify(w.card).includes('Check and send'));
  }
  for (const w of wizards) {
    if (!executeActions(w.card).some((a) => a.verb === 'report-submit')) throw new Error('walk: review card has no Send button');
  }
  return wizards.map((w) => JSON.stringify(actionActivity(serviceUrl, userAt(w.user), chatAt(w.user), 'report-submit', w.ids)));
}
