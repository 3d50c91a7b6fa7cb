/** What the evidence tests share: an incident put straight into the store under a real procedure, a file server that counts its downloads, and real file bytes. */
import { createServer, type Server } from 'node:http';
import type { Incident } from '../../src/core/incidents/incident';
import type { DocumentStore } from '../../src/ports/document-store';
import { shippedPack } from './temp-store';

/** A 1×1 PNG (the real bytes), a minimal PDF header and a JPEG start. */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** Puts an open incident of `procedureId` into the store, reported by `reporter`, led by the DSL. */
export async function seedIncident(
  store: DocumentStore,
  options: { procedureId: string; reference: string; reporter: { platform: 'teams' | 'slack'; userId: string; name: string }; schoolId?: string },
): Promise<Incident> {
  const procedure = shippedPack.procedures.find((p) => p.id === options.procedureId);
  if (!procedure) throw new Error(`no procedure ${options.procedureId}`);
  const id = `inc-${options.reference.toLowerCase()}`;
  const incident: Incident = {
    id,
    schoolId: options.schoolId ?? 'oakfield-primary',
    reference: options.reference,
    procedureId: procedure.id,
    procedureTitle: procedure.title,
    packVersion: shippedPack.version,
    reporter: options.reporter,
    reportedAt: '2026-11-23T09:00:00.000Z',
    details: { description: 'Messages posted about a pupil.' },
    answers: {},
    immediateRisk: false,
    subject: 'pupil',
    routing: {
      priority: 'today',
      destination: { kind: 'dsl-channel' },
      actingRoles: ['dsl', 'deputy-dsl'],
      taskRoles: [],
      informRoles: [],
      excludedRoles: [],
      excludedPeople: [],
      people: [],
      standIns: [],
      unassignedTaskIds: [],
      safeguarding: procedure.safeguarding,
      urgent: false,
      reason: 'seeded for the evidence tests',
    },
    status: 'reported',
    referrals: [],
    tasks: [],
    chronology: [],
    wizardId: `w-${id}`,
  } as Incident;
  await store.create('incidents', incident);
  return incident;
}

/** A file server on loopback: `serve(path, bytes, { chunked })`; counts every request. */
export interface FileServer {
  url: string;
  requests: string[];
  serve(path: string, bytes: Buffer, options?: { chunked?: boolean; contentType?: string }): string;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, { bytes: Buffer; chunked: boolean; contentType: string }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    const file = files.get((req.url ?? '').split('?')[0] ?? '');
    if (!file) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (file.chunked) {
      // No Content-Length: the bot has to count while it streams.
      res.writeHead(200, { 'content-type': file.contentType });
      for (let at = 0; at < file.bytes.length; at += 1024) res.write(file.bytes.subarray(at, at + 1024));
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
    res.end(file.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    requests,
    serve(path, bytes, options = {}) {
      files.set(path, { bytes, chunked: Boolean(options.chunked), contentType: options.contentType ?? 'application/octet-stream' });
      return `${url}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opens a one-time evidence link as a browser does: the GET page (which spends nothing), then its button's POST. */
export async function openEvidenceLink(link: string): Promise<Response> {
  const page = await fetch(link);
  if (page.status !== 200) return page;
  const html = await page.text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
  const action = /action="([^"]+)"/.exec(html)?.[1];
  if (!token || !action) throw new Error(`no form on the link's page: ${html.slice(0, 200)}`);
  return fetch(new URL(action, link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t: token }).toString() });
}
