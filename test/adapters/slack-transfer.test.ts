/**
 * The transfer, the one-incident export and the case list in Slack, through requests signed as Slack
 * signs them: the answers are private (ephemeral, by response_url), the PDF and JSON are uploaded to the
 * DSL's own DM (files.uploadV2 against the fake Web API) and read back; Receipt received records it;
 * a teacher is refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queueTransferReminders } from '../../src/core/casefile/transfer-reminders-job';
import type { Transfer } from '../../src/core/casefile/transfer-record';
import { linkIdFor, type PupilLink } from '../../src/core/pupils/pupil-link';
import { RORY, storePupils, ZOE } from '../builders/child-file-fixtures';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { pdfText } from '../builders/read-pdf';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, slashCommand } from '../builders/slack-request';
import { SLACK_TEACHER } from '../builders/slack-user';

const DSL = { id: 'U0DEMO001', name: 'alex.wilber' };
let now = new Date('2026-12-01T10:00:00Z');
const clock = { now: () => now };
let harness: SlackHarness;
let hooks: Server;
let hookUrl: string;
const responses: any[] = [];

beforeAll(async () => {
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      responses.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      res.statusCode = 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  hooks.closeAllConnections();
  await new Promise((resolve) => hooks.close(resolve));
});

beforeEach(async () => {
  responses.length = 0;
  now = new Date('2026-12-01T10:00:00Z');
  harness = await startSlackBot({ clock });
  const deps = harness.bot.deps;
  await storePupils(deps, ZOE, RORY);
  const incident = generateIncident(deps.pack, 'oakfield-primary', 1, new Date('2026-11-05T10:00:00Z'), seeded(1));
  incident.details = { description: 'Messages in a group chat.' };
  incident.status = 'in-progress';
  await deps.store.create('incidents', incident);
  for (const [pupilId, part] of [
    [ZOE.id, 'harmed'],
    [RORY.id, 'witness'],
  ] as const) {
    const link: PupilLink = {
      id: linkIdFor(incident.id, pupilId),
      schoolId: 'oakfield-primary',
      incidentId: incident.id,
      pupilId,
      part,
      linkedAt: incident.reportedAt,
      linkedBy: incident.reporter,
      history: [],
    };
    await deps.store.create('links', link);
  }
});
afterEach(async () => harness.stop());

const pdfIn = (body: Buffer | undefined) => {
  const raw = body ?? Buffer.alloc(0);
  return raw.subarray(raw.indexOf('%PDF-'), raw.lastIndexOf('%%EOF') + 5);
};
const waitForResponse = async () => {
  for (let i = 0; i < 200 && !responses.length; i++) await new Promise((r) => setTimeout(r, 25));
  return responses.shift();
};

test("/report transfer: the files go to the DSL's DM, the answer is private, and Receipt received records it", async () => {
  const ack = await slashCommand(harness.slackUrl, DSL, 'transfer Zoë to Hillside Academy', { id: 'C0STAFF', name: 'staff' }, undefined, hookUrl);
  expect(ack.json.response_type).toBe('ephemeral');
  const answer = await waitForResponse();
  expect(answer.response_type).toBe('ephemeral');
  expect(JSON.stringify(answer)).toContain("Send these to the new school's DSL securely, separately from the pupil's other records.");
  expect(harness.api.callsTo('conversations.open')[0]?.args.users).toBe('U0DEMO001');
  expect(harness.api.callsTo('files.completeUploadExternal')[0]?.args.channel_id).toBe('D0DEMO001');
  const names = harness.api.uploads.map((u) => u.filename);
  expect(names).toEqual([expect.stringMatching(/^child-file-TR-[0-9A-F]{6}\.pdf$/), expect.stringMatching(/\.json$/)]);
  const words = (await pdfText(pdfIn(harness.api.uploads[0]?.body))).replace(/\s+/g, ' ');
  expect(words).toContain('Zoë Núñez-O’Brien');
  expect(words).toContain('ES-2026-0001');
  expect(words).not.toContain('Rory');
  // Nothing was posted in the channel it was typed in.
  expect(harness.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0STAFF')).toEqual([]);

  const receipt = JSON.stringify(answer.blocks).match(/"action_id":"transfer-receipt","value":"([^"]+)"/)?.[1];
  expect(receipt).toBeDefined();
  await interaction(harness.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: { id: DSL.id, name: DSL.name, team_id: 'T0DEMO' },
    trigger_id: 't1',
    actions: [{ type: 'button', action_id: 'transfer-receipt', block_id: 'b', value: receipt, action_ts: '1' }],
  });
  await harness.api.waitFor('chat.postMessage');
  const [logged] = await harness.bot.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
  expect(logged?.receipt?.by.name).toBe('Alex Wilber');
});

test('/report export gives the PDF to the DSL’s DM with pupils named only by their part; /report cases lists it privately; a teacher is refused', async () => {
  await slashCommand(harness.slackUrl, DSL, 'export ES-2026-0001', undefined, undefined, hookUrl);
  expect(JSON.stringify(await waitForResponse())).toContain('the record as PDF is in your direct messages');
  const words = (await pdfText(pdfIn(harness.api.uploads[0]?.body))).replace(/\s+/g, ' ');
  expect(words).toContain('Pupil 1: Harmed or at risk');
  expect(words).not.toContain('Zoë');
  const cases = await slashCommand(harness.slackUrl, DSL, 'cases', undefined, undefined, hookUrl);
  expect(cases.json.response_type).toBe('ephemeral');
  expect(JSON.stringify(cases.json.blocks)).toContain('ES-2026-0001');
  expect(JSON.stringify(cases.json.blocks)).toContain('"action_id":"full-record"');
  await slashCommand(harness.slackUrl, SLACK_TEACHER, 'transfer Zoë to Hillside Academy', undefined, undefined, hookUrl);
  expect(JSON.stringify(await waitForResponse())).toContain('Only the people named for this');
  expect(await harness.bot.deps.store.query('transfers', { schoolId: 'oakfield-primary' })).toEqual([]);
});

test('the next school day the reminder reaches the DSL by DM with Receipt received; none once it is recorded', async () => {
  await slashCommand(harness.slackUrl, DSL, 'transfer Zoë to Hillside Academy', undefined, undefined, hookUrl);
  await waitForResponse();
  now = new Date('2026-12-02T09:00:00Z');
  expect((await queueTransferReminders(harness.bot.deps)).reminders).toBe(1);
  await harness.bot.jobs.flush();
  const reminder = harness.api.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith('Reminder: '));
  expect(reminder?.args.channel).toBe('U0DEMO001');
  expect(JSON.stringify(reminder?.args.blocks)).toContain('"action_id":"transfer-receipt"');
  const [logged] = await harness.bot.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
  await slashCommand(harness.slackUrl, DSL, `transfer receipt ${logged?.ref}`, undefined, undefined, hookUrl);
  expect(JSON.stringify(await waitForResponse())).toContain('The reminders have stopped.');
  now = new Date('2026-12-03T09:00:00Z');
  expect((await queueTransferReminders(harness.bot.deps)).reminders).toBe(0);
});
