/**
 * The monitoring alert card in Slack through the real receiver: the channel message (Block Kit within
 * limits, no content), a press by someone who may not triage (refused privately, audited), "Not a
 * concern" with its reason form, and "Open a case". The alert and its card are queued by core as for a
 * school whose DSL channel is in Slack.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { enqueue } from '../../src/core/delivery/outbox';
import type { AlertRecord } from '../../src/core/monitoring/alert-record';
import { alertCardId, ingestAlert } from '../../src/core/monitoring/ingest-alert';
import { blockKitProblems } from '../builders/block-kit-limits';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { SLACK_TEACHER, SlackUser, buttonsIn } from '../builders/slack-user';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
let now = Date.parse('2026-11-23T10:00:05Z');
const clock = { now: () => new Date(now) };
let harness: SlackHarness;
let dsl: SlackUser;
let teacher: SlackUser;

beforeEach(async () => {
  now = Date.parse('2026-11-23T10:00:05Z');
  harness = await startSlackBot({ clock });
  dsl = new SlackUser({ id: 'U0DEMO001', name: 'alex.wilber' }, harness.slackUrl, harness.api);
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;

it('the DSL triages alerts on the Slack card; anyone else is refused and audited', async () => {
  expect((await dsl.slash('register dsl channel', SAFEGUARDING)).json?.text).toContain('Done');
  const deps = harness.bot.deps;
  const base = { schoolId: 'oakfield-primary', category: 'bullying', severity: 'medium', occurredAt: '2026-11-23T09:58:00.000Z' } as const;
  const first = await ingestAlert(deps, { ...base, alertId: 'mon-1', reference: 'LAPTOP-1' });
  await ingestAlert(deps, { ...base, alertId: 'mon-2', reference: 'user:y5-0042', category: 'grooming' });
  // As core queues it for a school whose DSL channel is in Slack.
  await enqueue(
    store(),
    { id: `${alertCardId(first.alert.batchId)}:slack`, schoolId: 'oakfield-primary', message: 'alert-triage', to: { kind: 'dsl-channel' }, platform: 'slack', alertBatchId: first.alert.batchId },
    new Date(now),
  );
  now = Date.parse('2026-11-23T10:01:00Z');
  await harness.bot.jobs.flush();
  const post = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
  const blocks = post?.args.blocks as any[];
  const ts = post?.answer?.ts as string;
  expect(post?.args.text).toBe('2 new monitoring alerts: 2 medium');
  expect(blockKitProblems(post?.args, 'message')).toEqual([]);
  expect(JSON.stringify(blocks)).toContain('Device or user: LAPTOP-1');
  expect(buttonsIn(blocks).map((b) => b.text?.text)).toEqual(['Open a case', 'Not a concern', 'Already known', 'Open a case', 'Not a concern', 'Already known']);
  const [open1, notConcern1, , open2] = buttonsIn(blocks);

  await teacher.pressOnMessage(SAFEGUARDING.id, ts, blocks, 'alert-open-case', open1?.value);
  const said = await harness.api.waitFor('chat.postEphemeral', 1);
  expect(said.at(-1)?.args.text).toMatch(/Only the people named for this/);
  const refused = await store().query<AuditEvent>('audit', { schoolId: 'oakfield-primary', where: [{ field: 'action', op: '=', value: 'alert.triage' }] });
  expect(refused.map((a) => a.outcome)).toEqual(['refused']);

  const before = harness.api.callsTo('views.open').length;
  await dsl.pressOnMessage(SAFEGUARDING.id, ts, blocks, 'alert-not-a-concern', notConcern1?.value);
  const form = await dsl.openedForm(before);
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  expect((await dsl.submit()).json).toMatchObject({ response_action: 'errors' });
  dsl.fill({ reason: 'Known: a lesson on online safety' });
  expect((await dsl.submit()).status).toBe(200);
  expect((await store().get<AlertRecord>('alerts', 'oakfield-primary', 'alert:mon-1'))?.triage).toMatchObject({ outcome: 'not-a-concern', reason: 'Known: a lesson on online safety' });

  await dsl.pressOnMessage(SAFEGUARDING.id, ts, blocks, 'alert-open-case', open2?.value);
  const told = await harness.api.waitFor('chat.postEphemeral', 2);
  expect(told.at(-1)?.args.text).toContain('Opened as ES-2026-0001');
  const updated = (await harness.api.waitFor('chat.update', 2)).at(-1)?.args;
  expect(JSON.stringify(updated?.blocks)).toContain('Opened as ES-2026-0001');
  expect(JSON.stringify(updated?.blocks)).toContain('Not a concern');
});
