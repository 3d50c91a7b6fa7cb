/**
 * A Bot Framework connector on loopback: receives the bot's proactive sends and card updates exactly
 * as the Teams service would (`POST`/`PUT /v3/conversations/:id/activities`), and records them.
 */
import { createServer, type Server } from 'node:http';

export interface ConnectorCall {
  method: string;
  conversationId: string;
  activityId?: string;
  /** For a reply (`POST …/activities/:id`): the activity it replied to. */
  replyToId?: string;
  body: Record<string, any>;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** Answer the next N sends with this status (e.g. 429) before accepting again. */
  failNext(status: number, times: number, retryAfterSeconds?: number): void;
  /** Answer every send to this conversation with this status (e.g. 403: the user blocked the bot). */
  refuse(conversationId: string, status: number): void;
  /** The team's members, as `pagedmembers` returns them. */
  setRoster(members: Array<Record<string, string>>): void;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let failures: { status: number; times: number; retryAfter?: number } | undefined;
  let next = 1;
  let roster: Array<Record<string, string>> = [];
  const refused = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (failures && failures.times > 0) {
        failures.times--;
        res.writeHead(failures.status, { 'content-type': 'application/json', ...(failures.retryAfter ? { 'retry-after': String(failures.retryAfter) } : {}) });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'slow down' } }));
        return;
      }
      if (req.url?.endsWith('/v3/conversations') && req.method === 'POST') {
        const id = `a:created-${next++}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, activityId: `act-${next++}` }));
        calls.push({ method: 'CREATE', conversationId: id, body: JSON.parse(raw || '{}') });
        return;
      }
      const paged = /\/v3\/conversations\/([^/]+)\/pagedmembers/.exec(req.url ?? '');
      if (paged && req.method === 'GET') {
        // The team roster, two members a page, so paging is exercised.
        const token = Number(new URL(req.url ?? '', 'http://x').searchParams.get('continuationToken') ?? '0');
        const page = roster.slice(token, token + 2);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ members: page, ...(token + 2 < roster.length ? { continuationToken: String(token + 2) } : {}) }));
        calls.push({ method: 'GET', conversationId: decodeURIComponent(paged[1] ?? ''), body: {} });
        return;
      }
      if (!match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1] ?? '');
      const refusal = refused.get(conversationId);
      if (refusal) {
        res.writeHead(refusal, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'Forbidden', message: 'The bot is not part of the conversation roster.' } }));
        return;
      }
      // As Teams does: every post (a reply too) gets an id of its own; an update keeps the one it names.
      const target = match[2] ? decodeURIComponent(match[2]) : undefined;
      const activityId = req.method === 'POST' || !target ? `act-${next++}` : target;
      calls.push({ method: req.method ?? '', conversationId, activityId, ...(req.method === 'POST' && target && { replyToId: target }), body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: activityId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext: (status, times, retryAfter) => (failures = { status, times, retryAfter }),
    refuse: (conversationId, status) => void refused.set(conversationId, status),
    setRoster: (members) => (roster = members),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
