/**
 * The bot configured as production keeps evidence (EVIDENCE_STORE=blob), against Azurite: a file sent
 * in Teams lands as a blob with the bytes' SHA-256, opens through the one-time link, and nothing is
 * written under the data directory.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { createEmbeddedStore } from '../../src/adapters/embedded/embedded-store';
import { loadConfig } from '../../src/app/config';
import { type RunningBot, createBot } from '../../src/app/create-bot';
import type { EvidenceRecord } from '../../src/core/casefile/evidence-record';
import type { DocumentStore } from '../../src/ports/document-store';
import { type Azurite, startAzurite } from '../builders/azurite';
import { type FileServer, PNG_BYTES, seedIncident, startFileServer, openEvidenceLink } from '../builders/evidence-fixtures';
import { actionActivity, conversation, messageActivity, post } from '../builders/teams-activity';
import { quietLogger } from '../builders/teams-bot';
import { DSL, TEACHER } from '../builders/teams-harness';
import { shippedPack } from '../builders/temp-store';

let azurite: Azurite;
let dataDir: string;
let store: DocumentStore;
let bot: RunningBot;
let files: FileServer;

beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => azurite?.stop());

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'esafety-blob-evidence-'));
  store = await createEmbeddedStore({ dataDir });
  const config = loadConfig({
    PLAYGROUND: 'off',
    LOG_LEVEL: 'silent',
    SCHEDULER: 'off',
    OUTBOX_INTERVAL_MS: '60000',
    DATA_DIR: dataDir,
    EVIDENCE_STORE: 'blob',
    EVIDENCE_BLOB_CONNECTION_STRING: azurite.connectionString,
    EVIDENCE_BLOB_CONTAINER: 'case-evidence',
  });
  bot = await createBot({ config, pack: shippedPack, store, logger: quietLogger, port: 0 });
  files = await startFileServer();
});

afterEach(async () => {
  await bot.close();
  await store.close();
  await files.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a screenshot sent in Teams is kept as a blob and opened from it through the one-time link', async () => {
  const incident = await seedIncident(store, { procedureId: 'malicious-comments-online', reference: 'ES-2026-0007', reporter: { platform: 'teams', userId: TEACHER.aadObjectId, name: TEACHER.name } });
  const url = files.serve('/f/comment.png', PNG_BYTES);
  const chat = conversation('personal', 'a:teacher-chat');
  const sent = await post(bot.url, {
    ...messageActivity(files.url, TEACHER, chat, 'ES-2026-0007'),
    attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'comment.png', content: { downloadUrl: url, fileType: 'png' } }],
  });
  expect(String(sent.body?.activities?.[0]?.text)).toMatch(/^Added to ES-2026-0007/);
  const [record] = await store.query<EvidenceRecord>('evidence', { schoolId: incident.schoolId });
  const blob = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('case-evidence').getBlockBlobClient(String(record?.storageKey));
  const bytes = await blob.downloadToBuffer();
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(record?.sha256);
  expect(existsSync(join(dataDir, 'evidence'))).toBe(false);

  const press = await post(bot.url, actionActivity(files.url, DSL, conversation('personal', 'a:dsl-chat'), 'evidence-open', { schoolId: incident.schoolId, incidentId: incident.id, ref: record?.id }));
  const text = (press.body?.activities ?? []).map((a: any) => String(a.text ?? '')).join('\n');
  const link = /\((http:\/\/127\.0\.0\.1:\d+\/evidence\/open\?t=[^)]+)\)/.exec(text)?.[1];
  const opened = await openEvidenceLink(String(link));
  expect(Buffer.compare(Buffer.from(await opened.arrayBuffer()), PNG_BYTES)).toBe(0);
});
