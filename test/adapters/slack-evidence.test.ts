/**
 * Evidence in Slack through requests signed as Slack signs them: a file shared in the app's DM (a
 * `message` event, subtype `file_share`), described by the fake Slack's `files.info` and served by it
 * from `/files-pri/…` with the bot token; the full-record modal's Open and custody buttons pressed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { slackDownloadUrl } from '../../src/adapters/slack/handlers/evidence-upload';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { EvidenceRecord } from '../../src/core/casefile/evidence-record';
import type { Incident } from '../../src/core/incidents/incident';
import type { DocumentStore } from '../../src/ports/document-store';
import { PNG_BYTES, seedIncident, openEvidenceLink } from '../builders/evidence-fixtures';
import { interaction, nextTrigger, postSigned } from '../builders/slack-request';
import { SLACK_TEACHER, viewText } from '../builders/slack-user';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api';
import { testConfig, slackTestKeys } from '../builders/test-config';
import { pushedBy } from '../builders/slack-modal';

const SCHOOL = 'oakfield-primary';
const DSL_REF = { id: 'U0DEMO001', name: 'alex.wilber' };
const OTHER = { id: 'U0OTHER01', name: 'pat.other' };

let dataDir: string;
let store: DocumentStore;
let api: FakeSlackApi;
let bot: RunningBot;
let bullying: Incident;
let imagery: Incident;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-slack-evidence-'));
  api = await startFakeSlackApi({ users: [{ id: SLACK_TEACHER.id, name: SLACK_TEACHER.name, real_name: 'Sam Teacher', deleted: false, is_bot: false }] });
  store = await createEmbeddedStore({ dataDir });
  const config = testConfig({ ...slackTestKeys(api.url), DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: '4096' });
  bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0, slackPort: 0, clock: { now: () => new Date('2026-11-23T10:00:00Z') } });
  const reporter = { platform: 'slack' as const, userId: SLACK_TEACHER.id, name: SLACK_TEACHER.name };
  bullying = await seedIncident(store, { procedureId: 'online-bullying-of-pupil', reference: 'ES-2026-0003', reporter });
  imagery = await seedIncident(store, { procedureId: 'youth-produced-sexual-imagery', reference: 'ES-2026-0004', reporter });
});

afterEach(async () => {
  await bot.close();
  await store.close();
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Shares `fileId` in the user's DM with the app, with `text`; returns what the app answered there. */
async function share(user: { id: string }, text: string, fileId: string, channelType = 'im') {
  const before = api.callsTo('chat.postMessage').length;
  const channel = channelType === 'im' ? `D${user.id.slice(1)}` : 'C0GENERAL';
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0DEMO',
    api_app_id: 'A0DEMO',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', subtype: 'file_share', user: user.id, text, channel, channel_type: channelType, ts: `${Date.now() / 1000}`, files: [{ id: fileId }] },
  });
  expect((await postSigned(String(bot.slackUrl), body, 'application/json')).status).toBe(200);
  const calls = await api.waitFor('chat.postMessage', before + 1);
  return calls[calls.length - 1]?.args;
}

const evidence = () => store.query<EvidenceRecord>('evidence', { schoolId: SCHOOL });
const audits = async (action: string) => (await store.query<AuditEvent>('audit', { schoolId: SCHOOL })).filter((a) => a.action === action);
const keptFiles = () => (existsSync(join(dataDir, 'evidence', SCHOOL)) ? readdirSync(join(dataDir, 'evidence', SCHOOL)) : []);
const userOf = (ref: { id: string; name: string }) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });

async function openRecord(ref: { id: string; name: string }, incident: Incident) {
  const before = api.callsTo('views.open').length;
  await interaction(String(bot.slackUrl), {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: userOf(ref),
    trigger_id: nextTrigger(),
    actions: [{ type: 'button', action_id: 'full-record', value: `${SCHOOL}/${incident.id}`, action_ts: `${Date.now() / 1000}` }],
  });
  const opened = await api.waitFor('views.open', before + 1);
  const call = opened[opened.length - 1];
  return { ...call?.args.view, id: call?.answer?.view?.id };
}

const pressInRecord = (ref: { id: string; name: string }, record: any, actionId: string) => pushedBy({ slackUrl: String(bot.slackUrl), api }, ref, record, actionId);

it("the reporter shares a screenshot in the app's DM: fetched with the bot token, stored with the bytes' SHA-256, 0600 on disk", async () => {
  api.addFile({ id: 'F0SHOT001', name: 'screenshot.png', filetype: 'png', mimetype: 'image/png', bytes: PNG_BYTES });
  const said = await share(SLACK_TEACHER, 'this is for ES-2026-0003', 'F0SHOT001');
  expect(said?.text).toMatch(/^Added to ES-2026-0003: screenshot\.png \(PNG, 66 bytes, SHA-256 [0-9a-f]{12}…\)/);
  expect(said?.channel).toBe(`D${SLACK_TEACHER.id.slice(1)}`);
  expect(api.downloads).toEqual([{ path: '/files-pri/T0DEMO-F0SHOT001/download/screenshot.png', token: 'xoxb-test-token' }]);
  const [record] = await evidence();
  expect(record).toMatchObject({ incidentId: bullying.id, source: 'slack', size: PNG_BYTES.length, addedBy: { platform: 'slack', userId: SLACK_TEACHER.id } });
  expect(record?.sha256).toBe(createHash('sha256').update(PNG_BYTES).digest('hex'));
  expect(statSync(join(dataDir, 'evidence', SCHOOL, String(record?.id))).mode & 0o777).toBe(0o600);
});

it('refuses a file for a youth-produced sexual imagery report without fetching it, keeping nothing, and audits the refusal', async () => {
  api.addFile({ id: 'F0IMAGE01', name: 'image.jpg', filetype: 'jpg', bytes: PNG_BYTES });
  const said = await share(SLACK_TEACHER, 'ES-2026-0004', 'F0IMAGE01');
  expect(said?.text).toContain('Files cannot be added to ES-2026-0004.');
  expect(said?.text).toContain('Nothing of the file was kept.');
  expect(api.downloads).toEqual([]);
  expect(await evidence()).toEqual([]);
  expect(keptFiles()).toEqual([]);
  expect((await store.get<Incident>('incidents', SCHOOL, imagery.id))?.chronology).toEqual([]);
  expect((await audits('evidence.add')).map((a) => [a.outcome, a.detail])).toEqual([['refused', 'procedure-refuses-files']]);
});

it('refuses a file Slack says is too big, or of a type not taken, before fetching it; and someone who may not add', async () => {
  api.addFile({ id: 'F0BIG0001', name: 'big.png', filetype: 'png', size: 9_000_000, bytes: PNG_BYTES });
  expect((await share(SLACK_TEACHER, 'ES-2026-0003', 'F0BIG0001'))?.text).toContain('That file is 8.6 MB; the most accepted is 4 KB.');
  api.addFile({ id: 'F0ZIP0001', name: 'photos.zip', filetype: 'zip', bytes: Buffer.from('PK') });
  expect((await share(SLACK_TEACHER, 'ES-2026-0003', 'F0ZIP0001'))?.text).toContain('That kind of file is not accepted.');
  api.addFile({ id: 'F0SHOT002', name: 'screenshot.png', filetype: 'png', bytes: PNG_BYTES });
  expect((await share(OTHER, 'ES-2026-0003', 'F0SHOT002'))?.text).toContain('Only the people named for this');
  expect(api.downloads).toEqual([]);
  expect(await evidence()).toEqual([]);
  expect((await audits('evidence.add')).map((a) => a.detail)).toEqual(['too-large', 'type-not-accepted', 'not-permitted']);
});

it('a file shared in a channel is not taken, and the person is told privately', async () => {
  api.addFile({ id: 'F0SHOT003', name: 'screenshot.png', filetype: 'png', bytes: PNG_BYTES });
  const said = await share(SLACK_TEACHER, 'ES-2026-0003', 'F0SHOT003', 'channel');
  expect(said?.channel).toBe(SLACK_TEACHER.id);
  expect(said?.text).toContain('never in a channel');
  expect(api.downloads).toEqual([]);
});

it('downloads only from files.slack.com over https (else through the Web API host a test points at)', () => {
  expect(slackDownloadUrl('https://files.slack.com/files-pri/T1-F1/download/a.png', 'https://slack.com/api/')?.toString()).toBe('https://files.slack.com/files-pri/T1-F1/download/a.png');
  expect(slackDownloadUrl('https://files.slack.com/files-pri/T1-F1/download/a.png', 'http://127.0.0.1:9/api/')?.toString()).toBe('http://127.0.0.1:9/files-pri/T1-F1/download/a.png');
  expect(slackDownloadUrl('https://evil.example/files-pri/x', 'https://slack.com/api/')).toBeUndefined();
  expect(slackDownloadUrl('http://files.slack.com/files-pri/x', 'https://slack.com/api/')).toBeUndefined();
  expect(slackDownloadUrl('http://169.254.169.254/latest', 'https://slack.com/api/')).toBeUndefined();
});

it('the DSL opens a file from the full-record modal: a one-time link in their DM, audited when used', async () => {
  api.addFile({ id: 'F0SHOT004', name: 'screenshot.png', filetype: 'png', bytes: PNG_BYTES });
  await share(SLACK_TEACHER, 'ES-2026-0003', 'F0SHOT004');
  const record = await openRecord(DSL_REF, bullying);
  expect(viewText(record)).toContain('screenshot.png · PNG, 66 bytes · added by Sam Teacher');
  const before = api.callsTo('chat.postMessage').length;
  const notice = await pressInRecord(DSL_REF, record, 'evidence-open');
  expect(viewText(notice)).toContain('I have sent you a link to the file in our direct messages.');
  const sent = (await api.waitFor('chat.postMessage', before + 1)).at(-1)?.args;
  expect(sent?.channel).toBe(DSL_REF.id);
  expect([String(sent?.unfurl_links), String(sent?.unfurl_media)]).toEqual(['false', 'false']);
  const link = /<(http:\/\/127\.0\.0\.1:\d+\/evidence\/open\?t=[^|>]+)\|/.exec(String(sent?.text))?.[1];
  const download = await openEvidenceLink(String(link));
  expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), PNG_BYTES)).toBe(0);
  expect((await openEvidenceLink(String(link))).status).toBe(410);
  expect((await audits('evidence.open')).map((a) => [a.outcome, a.actor.userId])).toEqual([['ok', DSL_REF.id]]);
});

it('the DSL records device custody from the modal; a missing answer is shown beside its field', async () => {
  const record = await openRecord(DSL_REF, imagery);
  const form = await pressInRecord(DSL_REF, record, 'custody-form');
  expect(viewText(form)).toContain('Record device custody');
  const state = (values: Record<string, string>) => ({
    values: Object.fromEntries(
      form.blocks
        .filter((b: any) => b.type === 'input')
        .map((b: any) => {
          const v = values[b.block_id] ?? b.element.initial_value ?? b.element.initial_date ?? b.element.initial_time ?? null;
          const key = b.element.type === 'datepicker' ? 'selected_date' : b.element.type === 'timepicker' ? 'selected_time' : 'value';
          return [b.block_id, { value: { type: b.element.type, [key]: v } }];
        }),
    ),
  });
  const submit = (values: Record<string, string>) =>
    interaction(String(bot.slackUrl), {
      type: 'view_submission',
      team: { id: 'T0DEMO' },
      user: userOf(DSL_REF),
      trigger_id: nextTrigger(),
      view: { ...form, state: state(values), previous_view_id: record.id },
    });
  const missing = await submit({ device: 'Black iPhone 12', from: 'the pupil' });
  expect(missing.json).toEqual({ response_action: 'errors', errors: { to: 'Please write to whom it went.' } });
  const saved = await submit({ device: 'Black iPhone 12', from: 'the pupil', to: 'the DSL safe', date: '2026-11-23', time: '09:40' });
  expect(saved.status).toBe(200);
  const incident = await store.get<Incident>('incidents', SCHOOL, imagery.id);
  expect(incident?.custody?.map((c) => [c.device, c.takenBy, c.from, c.to, c.at])).toEqual([['Black iPhone 12', 'Alex Wilber', 'the pupil', 'the DSL safe', '2026-11-23T09:40']]);
  const redrawn = (await api.waitFor('views.update')).at(-1)?.args;
  expect(redrawn?.view_id).toBe(record.id);
  expect(JSON.stringify(redrawn?.view)).toContain('Black iPhone 12: taken by Alex Wilber from the pupil, to the DSL safe');
});

it("the full record's Export as PDF (its lead): the one incident's PDF goes to the DSL's own DM, and the word back is pushed on top of the record", async () => {
  const record = await openRecord(DSL_REF, bullying);
  expect(viewText(record)).toContain('For a police or LADO request');
  const before = api.uploads.length;
  const notice = await pressInRecord(DSL_REF, record, 'incident-export');
  expect(viewText(notice)).toContain(`${bullying.reference}: the record as PDF is in your direct messages with me.`);
  const uploaded = api.uploads.slice(before);
  expect(uploaded.map((u) => u.filename)).toEqual([`incident-${bullying.reference}.pdf`]);
  expect(api.callsTo('conversations.open').at(-1)?.args.users).toBe(DSL_REF.id);
});
