/**
 * Evidence through the real Teams entry point: Activity JSON with a file attachment posted to
 * /api/messages, the file served by a local HTTP server as its download URL; the full record's Open,
 * Add evidence and device-custody buttons pressed as Action.Execute invokes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { allowedTeamsUrl } from '../../src/adapters/teams/handlers/evidence-upload';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import type { EvidenceRecord } from '../../src/core/casefile/evidence-record';
import type { Incident } from '../../src/core/incidents/incident';
import type { DocumentStore } from '../../src/ports/document-store';
import { type FileServer, PDF_BYTES, PNG_BYTES, seedIncident, startFileServer, openEvidenceLink } from '../builders/evidence-fixtures';
import { actionActivity, conversation, executeActions, messageActivity, post, type TeamsUser } from '../builders/teams-activity';
import { DSL, TEACHER } from '../builders/teams-harness';
import { quietLogger } from '../builders/teams-bot';
import { shippedPack } from '../builders/temp-store';
import { type FakeConnector, startFakeConnector } from '../fakes/fake-connector';
import { testConfig } from '../builders/test-config';

const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';
const OTHER: TeamsUser = { id: '29:other', aadObjectId: 'aad-other', name: 'Pat Other' };
const teacherChat = conversation('personal', 'a:teacher-chat');
const dslChat = conversation('personal', 'a:dsl-chat');
const otherChat = conversation('personal', 'a:other-chat');
const channel = conversation('channel', '19:safeguarding@thread.tacv2;messageid=1');
const SCHOOL = 'oakfield-primary';

let dataDir: string;
let store: DocumentStore;
let bot: RunningBot;
let connector: FakeConnector;
let files: FileServer;
let bullying: Incident;
let imagery: Incident;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-evidence-'));
  store = await createEmbeddedStore({ dataDir });
  const config = testConfig({ DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: '4096' });
  bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0, clock: { now: () => new Date('2026-11-23T10:00:00Z') } });
  connector = await startFakeConnector();
  files = await startFileServer();
  bullying = await seedIncident(store, { procedureId: 'online-bullying-of-pupil', reference: 'ES-2026-0003', reporter: { platform: 'teams', userId: TEACHER.aadObjectId, name: TEACHER.name } });
  imagery = await seedIncident(store, { procedureId: 'youth-produced-sexual-imagery', reference: 'ES-2026-0004', reporter: { platform: 'teams', userId: TEACHER.aadObjectId, name: TEACHER.name } });
});

afterEach(async () => {
  await bot.close();
  await store.close();
  await connector.close();
  await files.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function fileMessage(user: TeamsUser, conv: ReturnType<typeof conversation>, text: string, name: string, url: string, fileType: string) {
  return { ...messageActivity(connector.url, user, conv, text), attachments: [{ contentType: FILE_INFO, contentUrl: url, name, content: { downloadUrl: url, uniqueId: 'u-1', fileType } }] };
}

async function send(user: TeamsUser, conv: ReturnType<typeof conversation>, text: string, name: string, bytes: Buffer, fileType: string, options?: { chunked?: boolean }) {
  const url = files.serve(`/f/${name}`, bytes, options);
  const res = await post(bot.url, fileMessage(user, conv, text, name, url, fileType));
  return (res.body?.activities ?? []).map((a: any) => String(a.text ?? '')).join('\n');
}

async function press(user: TeamsUser, conv: ReturnType<typeof conversation>, verb: string, data: Record<string, unknown>) {
  const res = await post(bot.url, actionActivity(connector.url, user, conv, verb, data));
  const activities: any[] = res.body?.activities ?? [];
  return { value: activities.find((a) => a.type === 'invokeResponse')?.value?.body?.value, messages: activities.filter((a) => a.type === 'message').map((a) => String(a.text ?? '')) };
}

const evidence = () => store.query<EvidenceRecord>('evidence', { schoolId: SCHOOL });
const audits = async (action: string) => (await store.query<AuditEvent>('audit', { schoolId: SCHOOL })).filter((a) => a.action === action);
const keptFiles = () => (existsSync(join(dataDir, 'evidence', SCHOOL)) ? readdirSync(join(dataDir, 'evidence', SCHOOL)) : []);

it("the reporter adds a screenshot: stored with the bytes' SHA-256, owner-only on disk, in the chronology, and the bot says so only then", async () => {
  const said = await send(TEACHER, teacherChat, 'For ES-2026-0003', 'screenshot.png', PNG_BYTES, 'png');
  expect(said).toMatch(/^Added to ES-2026-0003: screenshot\.png \(PNG, 66 bytes, SHA-256 [0-9a-f]{12}…\)/);
  const [record] = await evidence();
  expect(record).toMatchObject({ incidentId: bullying.id, fileName: 'screenshot.png', contentType: 'image/png', size: PNG_BYTES.length, source: 'teams', addedBy: { userId: TEACHER.aadObjectId } });
  expect(record?.sha256).toBe(createHash('sha256').update(PNG_BYTES).digest('hex'));
  const path = join(dataDir, 'evidence', SCHOOL, String(record?.id));
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(join(dataDir, 'evidence', SCHOOL)).mode & 0o777).toBe(0o700);
  const incident = await store.get<Incident>('incidents', SCHOOL, bullying.id);
  expect(incident?.chronology.map((c) => c.action)).toEqual(['evidence-added']);
  expect((await audits('evidence.add')).map((a) => [a.outcome, a.detail])).toEqual([['ok', `evidence=${record?.id} type=png`]]);
  // The audit holds codes and ids, never the file's name.
  expect(JSON.stringify(await audits('evidence.add'))).not.toContain('screenshot');

  // The same activity again (Teams retrying a message) adds nothing twice.
  const message = fileMessage(TEACHER, teacherChat, 'For ES-2026-0003', 'again.png', files.serve('/f/again.png', PNG_BYTES), 'png');
  await post(bot.url, message);
  const retried = await post(bot.url, message);
  expect(String(retried.body?.activities?.[0]?.text)).toMatch(/^Already added to ES-2026-0003: again\.png/);
  expect(await evidence()).toHaveLength(2);
});

it('refuses every file for a youth-produced sexual imagery report: nothing downloaded, no record, no file, and the refusal audited', async () => {
  const said = await send(TEACHER, teacherChat, 'ES-2026-0004', 'photo.jpg', PNG_BYTES, 'jpg');
  expect(said).toContain('Files cannot be added to ES-2026-0004.');
  expect(said).toContain('Never send, save, copy or screenshot a sexual picture of a child');
  expect(said).toContain('Nothing of the file was kept.');
  expect(files.requests).toEqual([]);
  expect(await evidence()).toEqual([]);
  expect(keptFiles()).toEqual([]);
  expect((await store.get<Incident>('incidents', SCHOOL, imagery.id))?.chronology).toEqual([]);
  const refused = await audits('evidence.add');
  expect(refused.map((a) => [a.outcome, a.detail, a.incidentId])).toEqual([['refused', 'procedure-refuses-files', imagery.id]]);
  expect(JSON.stringify(refused)).not.toContain('photo');
});

it('refuses a type it does not take before downloading, and a file whose bytes are not what its name says after', async () => {
  const exe = await send(TEACHER, teacherChat, 'ES-2026-0003', 'setup.exe', Buffer.from('MZ....'), 'exe');
  expect(exe).toContain('That kind of file is not accepted. Send PNG, JPEG, GIF, WebP, PDF or plain text (.txt).');
  expect(files.requests).toEqual([]);
  const fake = await send(TEACHER, teacherChat, 'ES-2026-0003', 'notes.png', PDF_BYTES, 'png');
  expect(fake).toContain('That file is named as PNG but its contents are PDF.');
  expect(fake).toContain('Nothing of the file was kept.');
  expect(await evidence()).toEqual([]);
  expect(keptFiles()).toEqual([]);
  expect((await audits('evidence.add')).map((a) => a.detail)).toEqual(['type-not-accepted', 'type-mismatch']);
});

it('refuses a file over the size limit while streaming it, keeping nothing', async () => {
  const big = Buffer.concat([PNG_BYTES, Buffer.alloc(8000)]);
  const said = await send(TEACHER, teacherChat, 'ES-2026-0003', 'big.png', big, 'png', { chunked: true });
  expect(said).toContain('That file is larger than the most accepted, 4 KB.');
  expect(await evidence()).toEqual([]);
  expect(keptFiles()).toEqual([]);
  expect((await audits('evidence.add')).map((a) => a.detail)).toEqual(['too-large']);
});

it('refuses someone who is neither the reporter nor a reader of the record, and audits it', async () => {
  const said = await send(OTHER, otherChat, 'ES-2026-0003', 'screenshot.png', PNG_BYTES, 'png');
  expect(said).toContain('Only the people named for this');
  expect(files.requests).toEqual([]);
  expect(await evidence()).toEqual([]);
  expect((await audits('evidence.add')).map((a) => [a.outcome, a.detail, a.actor.userId])).toEqual([['refused', 'not-permitted', OTHER.aadObjectId]]);
});

it('without a reference, keeps nothing and lists the reports the sender may add to', async () => {
  const said = await send(TEACHER, teacherChat, '', 'screenshot.png', PNG_BYTES, 'png');
  expect(said).toContain('I have not kept the file');
  expect(said).toContain('ES-2026-0003: Online bullying');
  // A report that takes no files is not offered.
  expect(said).not.toContain('ES-2026-0004');
  expect(files.requests).toEqual([]);
  expect(await evidence()).toEqual([]);
});

it('a file sent in a channel is not taken', async () => {
  const said = await send(TEACHER, channel, '<at>eSafety</at> ES-2026-0003', 'screenshot.png', PNG_BYTES, 'png');
  expect(said).toContain('Please send evidence to me in our 1:1 chat');
  expect(files.requests).toEqual([]);
});

it('the DSL opens a file from the full record in the 1:1 chat through a one-time link; each open is audited; others are refused', async () => {
  await send(TEACHER, teacherChat, 'ES-2026-0003', 'screenshot.png', PNG_BYTES, 'png');
  const [record] = await evidence();
  const record1 = await press(DSL, dslChat, 'full-record', { schoolId: SCHOOL, incidentId: bullying.id });
  const text = JSON.stringify(record1.value);
  expect(text).toContain('Evidence');
  expect(text).toContain('screenshot.png · PNG, 66 bytes · added by Sam Teacher');
  expect(text).toContain(`SHA-256 ${record?.sha256.slice(0, 16)}…`);
  const open = executeActions(record1.value).find((a) => a.verb === 'evidence-open');
  expect(open?.data).toEqual({ schoolId: SCHOOL, incidentId: bullying.id, ref: record?.id });

  const inChannel = await press(DSL, channel, 'evidence-open', open?.data ?? {});
  expect(JSON.stringify(inChannel.value)).toContain('Evidence opens only in your 1:1 chat');
  expect(inChannel.messages).toEqual([]);

  const opened = await press(DSL, dslChat, 'evidence-open', open?.data ?? {});
  expect(JSON.stringify(opened.value)).toContain('I have sent you a link to the file in this chat.');
  const link = /\((http:\/\/127\.0\.0\.1:\d+\/evidence\/open\?t=[^)]+)\)/.exec(opened.messages.join('\n'))?.[1];
  expect(link).toBeDefined();
  // A link scanner or preview fetches the link (GET): that shows a page with a button and spends nothing.
  const scanned = await fetch(String(link));
  expect(await scanned.text()).toContain('<button type="submit">Open the file</button>');
  expect(await audits('evidence.open')).toEqual([]);
  const download = await openEvidenceLink(String(link));
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('image/png');
  expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
  expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), PNG_BYTES)).toBe(0);
  expect((await openEvidenceLink(String(link))).status).toBe(410);
  expect((await audits('evidence.open')).map((a) => [a.outcome, a.actor.userId, a.detail])).toEqual([['ok', DSL.aadObjectId, `evidence=${record?.id} via=link`]]);

  // The reporter may add but not open; someone else neither. Both refusals are audited.
  const teacher = await press(TEACHER, teacherChat, 'evidence-open', open?.data ?? {});
  expect(JSON.stringify(teacher.value)).toContain('Only the people named for this');
  expect(teacher.messages).toEqual([]);
  expect((await audits('evidence.open')).filter((a) => a.outcome === 'refused')).toHaveLength(1);
});

it('"Add evidence" says how, with the reference', async () => {
  const record = await press(DSL, dslChat, 'full-record', { schoolId: SCHOOL, incidentId: bullying.id });
  const how = executeActions(record.value).find((a) => a.verb === 'evidence-how');
  expect(how?.title).toBe('Add evidence');
  const said = await press(DSL, dslChat, 'evidence-how', how?.data ?? {});
  expect(JSON.stringify(said.value)).toContain('Send the file to me in this chat with ES-2026-0003 in the message.');
  const imageryRecord = await press(DSL, dslChat, 'full-record', { schoolId: SCHOOL, incidentId: imagery.id });
  expect(executeActions(imageryRecord.value).some((a) => a.verb === 'evidence-how')).toBe(false);
  expect(JSON.stringify(imageryRecord.value)).toContain('Files are not kept for this kind of report.');
});

it('the DSL records device custody from the record; a missing answer is asked for; a teacher is refused and audited', async () => {
  const record = await press(DSL, dslChat, 'full-record', { schoolId: SCHOOL, incidentId: imagery.id });
  const button = executeActions(record.value).find((a) => a.verb === 'custody-form');
  expect(button?.title).toBe('Record device custody');
  const form = await press(DSL, dslChat, 'custody-form', button?.data ?? {});
  const save = executeActions(form.value).find((a) => a.verb === 'custody-save');
  expect(save).toBeDefined();
  const values = { device: 'Black iPhone 12', takenBy: 'Alex Wilber', from: 'the pupil, in the head of year office', date: '2026-11-23', time: '09:40', note: 'Sealed in bag 0042' };
  const missing = await press(DSL, dslChat, 'custody-save', { ...save?.data, ...values });
  expect(JSON.stringify(missing.value)).toContain('Please write to whom it went.');
  expect((await store.get<Incident>('incidents', SCHOOL, imagery.id))?.custody).toBeUndefined();

  const saved = await press(DSL, dslChat, 'custody-save', { ...save?.data, ...values, to: 'the DSL safe, for the police' });
  expect(JSON.stringify(saved.value)).toContain('Black iPhone 12: taken by Alex Wilber from the pupil, in the head of year office, to the DSL safe, for the police');
  const incident = await store.get<Incident>('incidents', SCHOOL, imagery.id);
  expect(incident?.custody).toEqual([
    {
      device: values.device,
      takenBy: values.takenBy,
      from: values.from,
      note: values.note,
      to: 'the DSL safe, for the police',
      at: '2026-11-23T09:40',
      recordedBy: { platform: 'teams', userId: DSL.aadObjectId, name: 'Alex Wilber' },
      recordedAt: '2026-11-23T10:00:00.000Z',
    },
  ]);
  expect(incident?.chronology.map((c) => c.action)).toEqual(['device-custody']);

  const teacher = await press(TEACHER, teacherChat, 'custody-save', { ...save?.data, ...values, to: 'me' });
  expect(JSON.stringify(teacher.value)).toContain('Only the people named for this');
  expect((await audits('incident.custody')).map((a) => [a.outcome, a.actor.userId])).toEqual([
    ['ok', DSL.aadObjectId],
    ['refused', TEACHER.aadObjectId],
  ]);
});

it('a picture pasted into the message (an inline image) is taken too: from its URL, or from a data: URL with no fetch at all', async () => {
  const url = files.serve('/views/original', PNG_BYTES);
  const pasted = { ...messageActivity(connector.url, TEACHER, teacherChat, 'ES-2026-0003'), attachments: [{ contentType: 'image/png', contentUrl: url }] };
  expect(String((await post(bot.url, pasted)).body?.activities?.[0]?.text)).toMatch(/^Added to ES-2026-0003: pasted-picture\.png \(PNG, 66 bytes/);
  const inline = {
    ...messageActivity(connector.url, TEACHER, teacherChat, 'ES-2026-0003'),
    attachments: [{ contentType: 'image/png', contentUrl: `data:image/png;base64,${PNG_BYTES.toString('base64')}` }],
  };
  expect(String((await post(bot.url, inline)).body?.activities?.[0]?.text)).toMatch(/^Added to ES-2026-0003: pasted-picture\.png/);
  expect(files.requests).toHaveLength(1);
  const sums = (await evidence()).map((e) => e.sha256);
  expect(sums).toEqual([createHash('sha256').update(PNG_BYTES).digest('hex'), createHash('sha256').update(PNG_BYTES).digest('hex')]);
});

it('with credentials on, files come only from SharePoint or OneDrive (pictures from the Teams service) over https', () => {
  const allowed = (url: string, inline = false) => allowedTeamsUrl(new URL(url), inline, true);
  expect(allowed('https://contoso-my.sharepoint.com/personal/sam/_layouts/15/download.aspx?UniqueId=1')).toBe(true);
  expect(allowed('http://contoso-my.sharepoint.com/x')).toBe(false);
  expect(allowed('https://sharepoint.com.evil.example/x')).toBe(false);
  expect(allowed('https://169.254.169.254/metadata')).toBe(false);
  expect(allowed('https://127.0.0.1:3978/evidence/open')).toBe(false);
  expect(allowed('https://smba.trafficmanager.net/uk/v3/attachments/1/views/original', true)).toBe(true);
  expect(allowed('https://smba.trafficmanager.net/uk/v3/attachments/1/views/original')).toBe(false);
  expect(allowedTeamsUrl(new URL('file:///etc/passwd'), false, false)).toBe(false);
});

it('the link route refuses a made-up token, an oversized form and other methods, opening nothing', async () => {
  expect((await fetch(`${bot.url}/evidence/open?t=${encodeURIComponent('<script>')}`)).status).toBe(410);
  const made = await fetch(`${bot.url}/evidence/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 't=oakfield-primary.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  });
  expect([made.status, await made.text()]).toEqual([410, 'This link has been used or has expired. Ask for the file again where you found the link (the full record, or the transfer card).']);
  expect((await fetch(`${bot.url}/evidence/open`, { method: 'POST', body: 'x'.repeat(5000) })).status).toBe(413);
  expect((await fetch(`${bot.url}/evidence/open`, { method: 'PUT', body: 't=1' })).status).toBe(405);
  expect(await audits('evidence.open')).toEqual([]);
});
