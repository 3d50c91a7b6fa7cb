/**
 * Evidence in core: the type told from the bytes (never the name), which procedures take files, and
 * retention taking an incident's files and records with it (a dry run keeps them).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileStore } from '../../src/adapters/files/local-file-store';
import { loadConfig } from '../../src/app/config';
import { addEvidence, evidencePolicy, referenceIn } from '../../src/core/casefile/add-evidence';
import { claimedEvidenceType, sniffEvidenceType } from '../../src/core/casefile/evidence-record';
import { issueEvidenceLink, redeemEvidenceLink } from '../../src/core/casefile/open-evidence';
import type { Incident } from '../../src/core/incidents/incident';
import type { Actor } from '../../src/core/people/actor';
import { applyRetention } from '../../src/core/retention/apply-retention';
import { PDF_BYTES, PNG_BYTES, seedIncident } from '../builders/evidence-fixtures';
import { shippedPack, tempDeps } from '../builders/temp-store';

describe('the type of a file is told from its bytes', () => {
  it.each([
    ['png', PNG_BYTES],
    ['jpeg', Buffer.from('ffd8ffe000104a464946', 'hex')],
    ['gif', Buffer.from('GIF89a\x01\x00', 'latin1')],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])],
    ['pdf', PDF_BYTES],
    ['txt', Buffer.from('He said: "I know where you live."\r\nSent 10:15\n', 'utf8')],
  ])('%s', (id, bytes) => expect(sniffEvidenceType(bytes)?.id).toBe(id));

  it('refuses what is none of them: an executable, a zip, HTML-looking binary, invalid UTF-8, an empty file', () => {
    expect(sniffEvidenceType(Buffer.from('4d5a900003000000', 'hex'))).toBeUndefined();
    expect(sniffEvidenceType(Buffer.from('504b0304', 'hex'))).toBeUndefined();
    expect(sniffEvidenceType(Buffer.from([0x3c, 0x68, 0x00, 0x01]))).toBeUndefined();
    expect(sniffEvidenceType(Buffer.from([0xc3, 0x28]))).toBeUndefined();
    expect(sniffEvidenceType(Buffer.alloc(0))).toBeUndefined();
  });

  it('reads the claimed type from the platform, else the name', () => {
    expect(claimedEvidenceType('a.JPG')?.id).toBe('jpeg');
    expect(claimedEvidenceType('screenshot', 'png')?.id).toBe('png');
    expect(claimedEvidenceType('x.png', 'image/png')?.id).toBe('png');
    expect(claimedEvidenceType('x.docx')).toBeUndefined();
    expect(claimedEvidenceType('x.png.exe')).toBeUndefined();
  });

  it('finds a reference in what a person typed', () => {
    expect(referenceIn('for es-2026-0003 please')).toBe('ES-2026-0003');
    expect(referenceIn('RA-2026-0012')).toBe('RA-2026-0012');
    expect(referenceIn('the screenshot')).toBeUndefined();
  });
});

describe('which procedures take files', () => {
  it('every procedure says, and the sexual-imagery, indecent-image and exploitation procedures refuse with a reason', () => {
    for (const p of shippedPack.procedures) expect([p.id, p.evidenceUploads]).toEqual([p.id, expect.stringMatching(/^(allowed|refused)$/)]);
    for (const id of ['youth-produced-sexual-imagery', 'indecent-images-of-children', 'online-sexual-abuse-exploitation']) {
      const policy = evidencePolicy({ pack: shippedPack } as never, { procedureId: id });
      expect(policy).toEqual({ allowed: false, reason: expect.stringMatching(/never send, save, copy or screenshot/i) });
    }
    for (const id of ['online-bullying-of-pupil', 'online-bullying-of-staff', 'malicious-comments-online', 'online-hate']) {
      expect(evidencePolicy({ pack: shippedPack } as never, { procedureId: id })).toEqual({ allowed: true });
    }
  });
});

describe('retention', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-retention-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("deletes a closed incident's evidence files and records with it; a dry run keeps them", async () => {
    const made = await tempDeps();
    const { cleanup } = made;
    const deps = { ...made.deps, pack: { ...made.deps.pack, retention: { ...made.deps.pack.retention, 'closed-incidents': '6 years' } } };
    try {
      deps.files = new LocalFileStore(join(dir, 'evidence'));
      const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher' };
      const incident = await seedIncident(deps.store, { procedureId: 'online-bullying-of-pupil', reference: 'ES-2026-0003', reporter: teacher });
      const kept = await seedIncident(deps.store, { procedureId: 'online-hate', reference: 'ES-2026-0005', reporter: teacher });
      for (const [i, target] of [incident, incident, kept].entries()) {
        await addEvidence(deps, teacher, { schoolId: target.schoolId, reference: target.reference, fileName: `s${i}.png`, source: 'teams', sourceId: `m${i}` }, async () => PNG_BYTES);
      }
      const stored = await deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
      await deps.store.replace('incidents', { ...stored, status: 'closed', closedAt: '2026-11-24T10:00:00.000Z' } as Incident, String(stored?._etag));
      expect(readdirSync(join(dir, 'evidence', incident.schoolId))).toHaveLength(3);

      const later = new Date('2040-01-01T00:00:00Z');
      await applyRetention(deps, later, { dryRun: true });
      expect(readdirSync(join(dir, 'evidence', incident.schoolId))).toHaveLength(3);
      expect(await deps.store.count('evidence', { schoolId: incident.schoolId })).toBe(3);

      await applyRetention(deps, later);
      expect(await deps.store.get('incidents', incident.schoolId, incident.id)).toBeUndefined();
      const left = await deps.store.query<{ incidentId: string; storageKey: string } & { id: string; schoolId: string }>('evidence', { schoolId: incident.schoolId });
      expect(left.map((e) => e.incidentId)).toEqual([kept.id]);
      expect(readdirSync(join(dir, 'evidence', incident.schoolId))).toEqual([String(left[0]?.storageKey.split('/')[1])]);
    } finally {
      await cleanup();
    }
  });
});

describe('the evidence settings', () => {
  it('blob needs an account URL; a connection string is refused in production; the size limit has bounds', () => {
    expect(() => loadConfig({ EVIDENCE_STORE: 'blob' })).toThrow(/EVIDENCE_BLOB_URL: required when EVIDENCE_STORE=blob/);
    expect(loadConfig({ EVIDENCE_STORE: 'blob', EVIDENCE_BLOB_URL: 'https://x.blob.core.windows.net' }).EVIDENCE_BLOB_CONTAINER).toBe('evidence');
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'p',
        MicrosoftAppTenantId: 't',
        EVIDENCE_STORE: 'blob',
        EVIDENCE_BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      }),
    ).toThrow(/EVIDENCE_BLOB_CONNECTION_STRING: production reaches Blob Storage with its managed identity/);
    expect(() => loadConfig({ EVIDENCE_MAX_BYTES: String(60 * 1024 * 1024) })).toThrow(/EVIDENCE_MAX_BYTES/);
    expect(loadConfig({}).EVIDENCE_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(() => loadConfig({ EVIDENCE_BLOB_CONTAINER: 'Evidence_Files' })).toThrow(/container name/);
  });
});

describe('opening a file through a one-time link', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-links-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('works once even when used twice at the same moment, not after five minutes, and only for a reader', async () => {
    const { deps, clock, cleanup } = await tempDeps();
    try {
      deps.files = new LocalFileStore(join(dir, 'evidence'));
      const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher' };
      const dsl: Actor = { platform: 'teams', userId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', aliases: ['user-id-0'] };
      const incident = await seedIncident(deps.store, { procedureId: 'online-hate', reference: 'ES-2026-0009', reporter: teacher });
      const { record } = await addEvidence(deps, teacher, { schoolId: incident.schoolId, reference: incident.reference, fileName: 'a.png', source: 'teams', sourceId: 'm1' }, async () => PNG_BYTES);
      const request = { schoolId: incident.schoolId, incidentId: incident.id, evidenceId: record.id };
      await expect(issueEvidenceLink(deps, teacher, request)).rejects.toThrow(/Only the people named/);

      const token = (url: string) => new URL(url).searchParams.get('t') ?? '';
      const first = token((await issueEvidenceLink(deps, dsl, request)).url);
      const both = await Promise.allSettled([redeemEvidenceLink(deps, first), redeemEvidenceLink(deps, first)]);
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);

      const late = token((await issueEvidenceLink(deps, dsl, request)).url);
      clock.advance(5 * 60_000 + 1);
      await expect(redeemEvidenceLink(deps, late)).rejects.toThrow(/used or has expired/);
      await expect(redeemEvidenceLink(deps, 'oakfield-primary.not-a-real-token-at-all-000000000')).rejects.toThrow(/used or has expired/);
    } finally {
      await cleanup();
    }
  });

  it('refuses a file for a closed report, keeping nothing', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      deps.files = new LocalFileStore(join(dir, 'evidence'));
      const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher' };
      const incident = await seedIncident(deps.store, { procedureId: 'online-hate', reference: 'ES-2026-0010', reporter: teacher });
      const stored = await deps.store.get<Incident>('incidents', incident.schoolId, incident.id);
      await deps.store.replace('incidents', { ...stored, status: 'closed', closedAt: '2026-11-23T10:00:00.000Z' } as Incident, String(stored?._etag));
      let fetched = false;
      await expect(
        addEvidence(deps, teacher, { schoolId: incident.schoolId, reference: incident.reference, fileName: 'a.png', source: 'teams', sourceId: 'm1' }, async () => {
          fetched = true;
          return PNG_BYTES;
        }),
      ).rejects.toThrow(/is closed, so files can no longer be added to it\. Nothing of the file was kept\./);
      expect(fetched).toBe(false);
      expect(await deps.store.count('evidence', { schoolId: incident.schoolId })).toBe(0);
    } finally {
      await cleanup();
    }
  });
});
