/**
 * `transfer` in Teams through real Activity JSON: the DSL gets the transfer card and two file consent
 * cards; accepting one uploads the PDF (read back with a text extractor: Zoë's file, nothing about Rory,
 * who is in the same incident); the receipt button stops the reminders; a teacher and a channel are refused.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queueTransferReminders } from '../../src/core/casefile/transfer-reminders-job';
import type { Transfer } from '../../src/core/casefile/transfer-record';
import { linkIdFor, type PupilLink } from '../../src/core/pupils/pupil-link';
import { generateIncident, seeded } from '../builders/incident-fixtures';
import { RORY, storePupils, ZOE } from '../builders/child-file-fixtures';
import { openEvidenceLink } from '../builders/evidence-fixtures';
import { pdfText } from '../builders/read-pdf';
import { actionActivity, conversation, executeActions, messageActivity, post } from '../builders/teams-activity';
import { DSL, TEACHER, useTeamsBot } from '../builders/teams-harness';

const dslChat = conversation('personal', 'a:dsl-chat');
const env = useTeamsBot('2026-12-01T10:00:00Z');
const uploads = new Map<string, Buffer>();
let uploadServer: Server;
let uploadUrl: string;

beforeAll(async () => {
  uploadServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      uploads.set(req.url ?? '', Buffer.concat(chunks));
      res.statusCode = 201;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => uploadServer.listen(0, '127.0.0.1', resolve));
  uploadUrl = `http://127.0.0.1:${(uploadServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  uploadServer.closeAllConnections();
  await new Promise((resolve) => uploadServer.close(resolve));
});

beforeEach(async () => {
  const deps = env.harness.bot.deps;
  await storePupils(deps, ZOE, RORY);
  const random = seeded(5);
  const refs: string[] = [];
  for (const [n, parts] of [
    [1, { [ZOE.id]: 'harmed', [RORY.id]: 'instigator' }],
    [2, { [ZOE.id]: 'witness' }],
    [3, { [RORY.id]: 'harmed' }],
  ] as const) {
    const incident = generateIncident(deps.pack, 'oakfield-primary', n, new Date(`2026-11-0${n}T10:00:00Z`), random);
    incident.details = { description: 'Messages in a group chat.' };
    await deps.store.create('incidents', incident);
    refs.push(incident.reference);
    for (const [pupilId, part] of Object.entries(parts)) {
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
  }
});

const activities = (res: { body: any }) => (res.body?.activities ?? []) as any[];
const text = (x: unknown) => JSON.stringify(x);

test("the DSL's transfer gives the files by consent card; the accepted PDF holds Zoë's file and nothing about Rory", async () => {
  const res = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'transfer Zoë Núñez to Hillside Academy starting 2026-12-04'));
  const sent = activities(res);
  const consents = sent.flatMap((a) => a.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
  expect(consents.map((c: any) => c.name)).toEqual([expect.stringMatching(/^child-file-TR-[0-9A-F]{6}\.pdf$/), expect.stringMatching(/\.json$/)]);
  expect(text(sent)).toContain("Send these to the new school's DSL securely, separately from the pupil's other records.");
  expect(text(sent)).toContain('Fri 11 Dec 2026');
  expect(text(sent)).toMatch(/its SHA-256 is [0-9a-f]{64}/);
  const [logged] = await env.harness.bot.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
  expect(logged).toMatchObject({ pupilId: ZOE.id, toSchool: 'Hillside Academy', startDate: '2026-12-04', deadline: '2026-12-11' });
  expect(text(sent)).toContain(`its SHA-256 is ${logged?.pdfSha256}`);

  const pdfConsent = consents[0];
  const accept = {
    ...messageActivity(env.connector.url, DSL, dslChat, ''),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action: 'accept',
      context: pdfConsent.content.acceptContext,
      uploadInfo: { name: pdfConsent.name, uploadUrl: `${uploadUrl}/zoe.pdf`, contentUrl: 'https://contoso.sharepoint.com/zoe.pdf', uniqueId: 'u-1', fileType: 'pdf' },
    },
  };
  const accepted = await post(env.harness.bot.url, accept);
  expect(accepted.status).toBe(200);
  const pdf = uploads.get('/zoe.pdf');
  expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
  const words = (await pdfText(pdf as Buffer)).replace(/\s+/g, ' ');
  expect(words).toContain('Zoë Núñez-O’Brien');
  expect(words).toContain('Oakfield Primary School');
  expect(words).toContain('ES-2026-0001');
  expect(words).toContain('ES-2026-0002');
  expect(words).not.toContain('ES-2026-0003');
  expect(words).not.toContain('Rory');
  expect(words).not.toContain('Kowalczyk');
  // The JSON copy, accepted too: the child's file with its version; every entry and incident of it is in the PDF.
  const jsonConsent = consents[1];
  await post(env.harness.bot.url, {
    ...accept,
    value: { ...accept.value, context: jsonConsent.content.acceptContext, uploadInfo: { ...accept.value.uploadInfo, name: jsonConsent.name, uploadUrl: `${uploadUrl}/zoe.json`, fileType: 'json' } },
  });
  const copy = JSON.parse(uploads.get('/zoe.json')?.toString('utf8') ?? '{}');
  expect(copy.version).toBe(1);
  expect(copy.file.pupil.id).toBe(ZOE.id);
  expect(copy.file.incidents.map((i: any) => i.reference).sort()).toEqual(['ES-2026-0001', 'ES-2026-0002']);
  expect(copy.file.entries.length).toBeGreaterThan(2);
  for (const entry of copy.file.entries) expect(words).toContain(entry.heading.replace(/\s+/g, ' '));
  expect(JSON.stringify(copy)).not.toMatch(/Rory|Kowalczyk/);
  const shown = [...activities(accepted), ...env.connector.calls.map((c) => c.body)];
  expect(text(shown)).toContain('application/vnd.microsoft.teams.card.file.info');

  // The receipt button on the transfer card records it, once.
  const card = sent.flatMap((a) => a.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  const button = card.actions.find((a: any) => a.verb === 'transfer-receipt');
  // The date the new school confirmed comes from the card's date input.
  const pressed = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-receipt', { ...button.data, receivedOn: '2026-12-01' }));
  expect(text(pressed.body)).toContain('Receipt recorded for');
  expect(text(pressed.body)).toContain('received Tue 1 Dec 2026, confirmed by Alex Wilber');
  const [received] = await env.harness.bot.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
  expect(received?.receipt?.by.name).toBe('Alex Wilber');
});

test('a tampered receipt button changes nothing', async () => {
  const forged = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-receipt', { schoolId: 'oakfield-primary', ref: 'transfer:000000000000000000000000' }));
  expect(text(forged.body)).toContain('That transfer could not be found');
  const bad = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-receipt', { schoolId: 'oakfield-primary', ref: { $gt: '' } }));
  expect(text(bad.body)).toContain('were not recognised');
});

test('a teacher is refused; in a channel nothing is made', async () => {
  const refused = await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, conversation('personal', 'a:t'), 'transfer Zoë to Hillside Academy'));
  expect(text(refused.body)).toContain('Only the people named for this');
  const channel = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, conversation('channel', '19:staff@thread.tacv2'), '<at>eSafety</at> transfer Zoë to Hillside Academy'));
  expect(text(channel.body)).toContain('Please ask me in a 1:1 chat');
  expect(text(channel.body)).not.toContain('Zoë');
  expect(await env.harness.bot.deps.store.query('transfers', { schoolId: 'oakfield-primary' })).toEqual([]);
});

test('the next school day the DSL is reminded in their chat, with Receipt received; after it, no more', async () => {
  await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'transfer Zoë to Hillside Academy'));
  // Tuesday 1 December: the transfer; Wednesday 09:00: the first reminder.
  env.now = new Date('2026-12-02T09:00:00Z');
  await queueTransferReminders(env.harness.bot.deps);
  await env.harness.bot.jobs.flush();
  const sent = env.connector.calls.filter((c) => c.conversationId === 'a:dsl-chat' && text(c.body).includes("Reminder: Zoë Núñez-O’Brien's file for Hillside Academy"));
  expect(sent).toHaveLength(1);
  const card = sent[0]?.body.attachments[0].content;
  const button = card.actions.find((a: any) => a.verb === 'transfer-receipt');
  expect(button.title).toBe('Receipt received');
  const pressed = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-receipt', button.data));
  expect(text(pressed.body)).toContain('The reminders have stopped.');
  env.now = new Date('2026-12-03T09:00:00Z');
  expect((await queueTransferReminders(env.harness.bot.deps)).reminders).toBe(0);
});

test('export ES-… gives its lead the one incident as PDF by consent card, pupils named only by their part; others refused', async () => {
  const res = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'export ES-2026-0001'));
  const consent = activities(res)
    .flatMap((a) => a.attachments ?? [])
    .find((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
  expect(consent.name).toBe('incident-ES-2026-0001.pdf');
  expect(text(res.body)).toContain('send it securely to the requesting officer only');
  const accept = {
    ...messageActivity(env.connector.url, DSL, dslChat, ''),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action: 'accept',
      context: consent.content.acceptContext,
      uploadInfo: { name: consent.name, uploadUrl: `${uploadUrl}/inc.pdf`, contentUrl: 'https://contoso.sharepoint.com/inc.pdf', uniqueId: 'u-2', fileType: 'pdf' },
    },
  };
  expect((await post(env.harness.bot.url, accept)).status).toBe(200);
  const words = (await pdfText(uploads.get('/inc.pdf') as Buffer)).replace(/\s+/g, ' ');
  expect(words).toContain('Incident record ES-2026-0001');
  expect(words).toContain('Pupil 1: Harmed or at risk');
  expect(words).toContain('Pupil 2: Instigator');
  for (const name of ['Zoë', 'Rory', 'ES-2026-0002']) expect(words).not.toContain(name);
  const refused = await post(env.harness.bot.url, messageActivity(env.connector.url, TEACHER, conversation('personal', 'a:t'), 'export ES-2026-0001'));
  expect(text(refused.body)).toContain('Only the people named for this');
  // A forged file card for an incident the person does not lead uploads nothing.
  const forged = {
    ...accept,
    from: TEACHER,
    conversation: conversation('personal', 'a:t'),
    value: { ...accept.value, uploadInfo: { ...accept.value.uploadInfo, uploadUrl: `${uploadUrl}/forged.pdf` } },
  };
  await post(env.harness.bot.url, forged);
  expect(uploads.has('/forged.pdf')).toBe(false);
});

test('several matching pupils: the DSL chooses on the card, then gets the files; the transfer is in the child’s file', async () => {
  await storePupils(env.harness.bot.deps, { ...ZOE, id: 'pupil:upn:C123456789012', upn: 'C123456789012', surname: 'Adams', registrationGroup: '5A' });
  const asked = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'transfer Zoë to Hillside Academy'));
  const card = activities(asked)[0]?.attachments?.[0]?.content;
  expect(text(card)).toContain('Which pupil?');
  expect(await env.harness.bot.deps.store.query('transfers', { schoolId: 'oakfield-primary' })).toEqual([]);
  const choose = executeActions(card).find((a) => a.title?.startsWith('Zoë Núñez-O’Brien'));
  expect(choose?.verb).toBe('transfer-pupil');
  // The card's inputs (new school, start date) come back with the press.
  const chosen = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-pupil', { ...choose?.data, toSchool: 'Hillside Academy', startDate: '' }));
  expect(text(chosen.body)).toContain('application/vnd.microsoft.teams.card.file.consent');
  expect(text(chosen.body)).toContain("child's file for Hillside Academy");
  const file = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'pupil Zoë Núñez'));
  expect(text(file.body)).toContain('File transferred to Hillside Academy');
});

test('where no file can be accepted (the Playground), a Download link gives the logged PDF once, to the DSL only, and the download is recorded', async () => {
  const res = await post(env.harness.bot.url, messageActivity(env.connector.url, DSL, dslChat, 'transfer Zoë Núñez to Hillside Academy starting 2026-12-04'));
  const card = activities(res)
    .flatMap((a) => a.attachments ?? [])
    .find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  expect(text(card)).toContain('If no file appears for you to accept');
  const button = card.actions.find((a: any) => a.verb === 'transfer-link' && a.data.file === 'pdf');
  expect(button.data).toEqual({ schoolId: 'oakfield-primary', ref: expect.stringMatching(/^transfer:/), file: 'pdf' });

  // A teacher pressing a copy of the button is refused, and gets no link.
  const refused = await post(env.harness.bot.url, actionActivity(env.connector.url, TEACHER, conversation('personal', 'a:teacher-chat'), 'transfer-link', button.data));
  expect(text(refused.body)).toContain('Your attempt has been recorded');
  expect(text(refused.body)).not.toContain('Action.OpenUrl');

  const pressed = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'transfer-link', button.data));
  const open = activities(pressed)[0]?.value?.body?.value?.actions?.find((a: any) => a.type === 'Action.OpenUrl');
  expect(open.title).toBe('Download the PDF');
  expect(text(pressed.body)).toContain('once, within the next 5 minutes');
  const file = await openEvidenceLink(open.url);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-type')).toBe('application/pdf');
  expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="child-file-TR-[0-9A-F]{6}\.pdf"/);
  const bytes = Buffer.from(await file.arrayBuffer());
  const [logged] = await env.harness.bot.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(logged?.pdfSha256);
  expect((await openEvidenceLink(open.url)).status).toBe(410);
  const audit = await env.harness.bot.deps.store.query<{ id: string; schoolId: string; action: string; detail?: string; actor: { name: string } }>('audit', {
    schoolId: 'oakfield-primary',
    where: [{ field: 'action', op: '=', value: 'casefile.transfer-file' }],
  });
  expect(audit.some((a) => a.detail?.includes('via=link') && a.actor.name === 'Alex Wilber')).toBe(true);
  expect(text(audit)).not.toMatch(/Zoë|Núñez/);
});

test("the full record's Export as PDF: for its lead, a file card and a one-time link to the one incident's PDF; a copy of the button pressed by someone else, or in a channel, makes nothing", async () => {
  const [incident] = (await env.harness.bot.deps.store.query<{ id: string; schoolId: string; reference: string }>('incidents', { schoolId: 'oakfield-primary' })).filter(
    (i) => i.reference === 'ES-2026-0001',
  );
  const ids = { schoolId: 'oakfield-primary', incidentId: incident?.id as string };
  const record = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'full-record', ids));
  const button = executeActions(activities(record)[0]?.value?.body?.value).find((a: any) => a.verb === 'incident-export');
  expect(button?.title).toBe('Export as PDF');
  expect(text(record.body)).toContain('For a police or LADO request');

  const pressed = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, dslChat, 'incident-export', button?.data ?? {}));
  const consent = activities(pressed)
    .flatMap((a) => a.attachments ?? [])
    .find((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
  expect(consent?.name).toBe('incident-ES-2026-0001.pdf');
  const card = activities(pressed).find((a: any) => a.type === 'invokeResponse')?.value?.body?.value;
  const open = card?.actions?.find((a: any) => a.type === 'Action.OpenUrl');
  expect(open?.title).toBe('Download the PDF');
  const file = await openEvidenceLink(open.url);
  expect(file.headers.get('content-type')).toBe('application/pdf');
  const words = (await pdfText(Buffer.from(await file.arrayBuffer()))).replace(/\s+/g, ' ');
  expect(words).toContain('Incident record ES-2026-0001');
  expect(words).toContain('Pupil 1: Harmed or at risk');
  for (const name of ['Zoë', 'Rory', 'ES-2026-0002']) expect(words).not.toContain(name);
  expect((await openEvidenceLink(open.url)).status).toBe(410);
  const exports = await env.harness.bot.deps.store.query<{ id: string; schoolId: string; action: string; detail?: string; outcome: string }>('audit', {
    schoolId: 'oakfield-primary',
    where: [{ field: 'action', op: '=', value: 'incident.export' }],
  });
  expect(exports.map((e) => [e.outcome, e.detail ?? ''])).toEqual(
    expect.arrayContaining([
      ['ok', ''],
      ['ok', 'via=link'],
    ]),
  );

  // A teacher pressing a copy of the button gets a refusal, no file card and no link.
  const forged = await post(env.harness.bot.url, actionActivity(env.connector.url, TEACHER, conversation('personal', 'a:t'), 'incident-export', button?.data ?? {}));
  expect(text(forged.body)).toContain('Only the people named for this');
  expect(text(forged.body)).not.toContain('file.consent');
  expect(text(forged.body)).not.toContain('Action.OpenUrl');
  // In a channel nothing is made.
  const inChannel = await post(env.harness.bot.url, actionActivity(env.connector.url, DSL, conversation('channel', '19:general'), 'incident-export', button?.data ?? {}));
  expect(text(inChannel.body)).toContain('only made and sent in a private chat');
});
