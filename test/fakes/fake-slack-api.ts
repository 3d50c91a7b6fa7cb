/**
 * A Slack Web API on loopback for tests (the app's `SLACK_API_URL` points here). It records every call
 * (method, arguments with JSON fields decoded, token) and answers as Slack does for the methods the app
 * uses: ids and hashes for views, a channel and `ts` for messages, a user for `users.info`. `failNext`
 * makes the next call to a method fail the way Slack fails (a 429 with Retry-After, or `ok: false` with
 * an error code); `refuse` makes Slack refuse one user or channel for good, as it does for an id that
 * does not exist (`chat.postMessage` and `users.info` answer `ok: false` with that error).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  /** What the fake answered. */
  answer?: Record<string, any>;
}

type Failure = { status: 429; retryAfter: number } | { error: string };

export interface FakeSlackApi {
  url: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  failNext(method: string, failure: Failure): void;
  /** From now on, messages to `id` (a user or channel) and `users.info` about it fail with `error`. */
  refuse(id: string, error?: string): void;
  /**
   * A file shared in Slack: `files.info` describes it (size as given, or the bytes' length) with a
   * `url_private_download` on files.slack.com, and `GET /files-pri/…` on this fake serves its bytes to a
   * request with the bot token (the app fetches through the Web API's own host).
   */
  addFile(file: { id: string; name: string; filetype: string; mimetype?: string; size?: number; bytes: Buffer }): void;
  /** Every request for a file's bytes: its path and the token it carried. */
  downloads: Array<{ path: string; token: string }>;
  /** Files the app uploaded (files.uploadV2): the name it gave, and the raw body posted to the upload URL (multipart, as the SDK sends it). */
  uploads: Array<{ fileId: string; filename: string; body?: Buffer }>;
  /** Waits until `method` has been called at least `count` times. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

function decode(body: string, contentType: string): Record<string, any> {
  if (contentType.includes('application/json')) return body ? JSON.parse(body) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    // Slack's own API takes JSON in some fields; anything else (a trigger id that starts with "[") stays text.
    try {
      args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      args[key] = value;
    }
  }
  return args;
}

/**
 * `teamId`: the workspace `auth.test` says the bot token belongs to (T0DEMO, the demo pack's, unless given).
 * `lean`: for the benchmark, record only the method (no decoding of the body), so the fake's own CPU
 * stays out of the figures as far as it can; it answers views.open with an id and hash as usual.
 */
export async function startFakeSlackApi(options: { lean?: boolean; users?: Array<Record<string, unknown>>; teamId?: string } = {}): Promise<FakeSlackApi> {
  const users = options.users ?? [];
  const calls: SlackCall[] = [];
  const failures = new Map<string, Failure[]>();
  const refused = new Map<string, string>();
  let n = 0;
  const views = new Map<string, { hash: string }>();
  const files = new Map<string, { id: string; name: string; filetype: string; mimetype?: string; size?: number; bytes: Buffer }>();
  const downloads: Array<{ path: string; token: string }> = [];
  const uploads: Array<{ fileId: string; filename: string; body?: Buffer }> = [];
  let port = 0;
  const filePath = (f: { id: string; name: string }) => `/files-pri/${options.teamId ?? 'T0DEMO'}-${f.id}/download/${encodeURIComponent(f.name)}`;
  const answer = (method: string, args: Record<string, any>): Record<string, unknown> => {
    n++;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://demo.slack.com/', team: 'Demo', user: 'esafety', team_id: options.teamId ?? 'T0DEMO', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'views.open':
      case 'views.push':
      case 'views.publish': {
        const id = `V${String(n).padStart(6, '0')}`;
        views.set(id, { hash: `h${n}` });
        return { ok: true, view: { ...args.view, id, hash: `h${n}` } };
      }
      case 'views.update': {
        const current = views.get(args.view_id);
        if (!current) return { ok: false, error: 'not_found' };
        if (args.hash && args.hash !== current.hash) return { ok: false, error: 'hash_conflict' };
        current.hash = `h${n}`;
        return { ok: true, view: { ...args.view, id: args.view_id, hash: current.hash } };
      }
      case 'chat.postMessage': {
        const refusal = refused.get(String(args.channel));
        if (refusal) return { ok: false, error: refusal };
        const channel = String(args.channel).startsWith('U') ? `D${String(args.channel).slice(1)}` : args.channel;
        return { ok: true, channel, ts: `1700000000.${String(n).padStart(6, '0')}`, message: { text: args.text } };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(n).padStart(6, '0')}` };
      case 'users.info': {
        const refusal = refused.get(String(args.user));
        if (refusal) return { ok: false, error: refusal };
        const known = users.find((u) => u.id === args.user);
        return { ok: true, user: known ?? { id: args.user, name: String(args.user).toLowerCase(), deleted: false, is_bot: false } };
      }
      case 'files.info': {
        const f = files.get(String(args.file));
        if (!f) return { ok: false, error: 'file_not_found' };
        return {
          ok: true,
          file: {
            id: f.id,
            name: f.name,
            filetype: f.filetype,
            mimetype: f.mimetype ?? 'application/octet-stream',
            size: f.size ?? f.bytes.length,
            url_private_download: `https://files.slack.com${filePath(f)}`,
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).slice(1)}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(n).padStart(6, '0')}`;
        uploads.push({ fileId, filename: String(args.filename) });
        return { ok: true, file_id: fileId, upload_url: `http://127.0.0.1:${port}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (args.files ?? []).map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title })) };
      case 'users.list': {
        // Two members a page, so the app's paging is exercised.
        const start = Number(args.cursor || 0);
        const next = start + 2 < users.length ? String(start + 2) : '';
        return { ok: true, members: users.slice(start, start + 2), response_metadata: { next_cursor: next } };
      }
      default:
        return { ok: true };
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if ((req.url ?? '').startsWith('/upload/')) {
        const upload = uploads.find((u) => `/upload/${u.fileId}` === req.url);
        if (upload) upload.body = Buffer.concat(chunks);
        res.writeHead(upload ? 200 : 404);
        res.end(upload ? 'OK' : '');
        return;
      }
      if ((req.url ?? '').startsWith('/files-pri/')) {
        const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        downloads.push({ path: req.url ?? '', token });
        const f = [...files.values()].find((x) => filePath(x) === req.url);
        if (!f || token !== 'xoxb-test-token') {
          res.writeHead(f ? 403 : 404);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': f.mimetype ?? 'application/octet-stream', 'content-length': String(f.bytes.length) });
        res.end(f.bytes);
        return;
      }
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      if (options.lean && method !== 'auth.test') {
        calls.push({ method, args: {} });
        n++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"ok":true,"view":{"id":"V${n}","hash":"h${n}"},"channel":"C1","ts":"1700000000.${n}"}`);
        return;
      }
      const args = decode(Buffer.concat(chunks).toString('utf8'), String(req.headers['content-type'] ?? ''));
      const call: SlackCall = { method, args, token: String(req.headers.authorization ?? '').replace(/^Bearer /, '') || args.token };
      calls.push(call);
      const failure = failures.get(method)?.shift();
      if (failure && 'status' in failure) {
        // Not chained: restify (loaded in the same process) patches writeHead to return nothing.
        res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const body = failure ? { ok: false, error: failure.error } : answer(method, args);
      call.answer = body;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo,
    addFile(file) {
      files.set(file.id, file);
    },
    downloads,
    uploads,
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    refuse(id, error = 'user_not_found') {
      refused.set(id, error);
    },
    async waitFor(method, count = 1, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (callsTo(method).length < count) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${count} × ${method} (saw ${callsTo(method).length}); calls: ${calls.map((c) => c.method).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return callsTo(method);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
