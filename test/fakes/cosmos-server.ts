/**
 * Starts `@vercel/cosmosdb-server` in this process on a random loopback port, over HTTPS with the
 * package's self-signed certificate. The real `@azure/cosmos` SDK talks to it. Tests can see which
 * requests reached the server and make the next few fail the way Cosmos does under load.
 */
import { Agent } from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface Fault {
  status: 409 | 429 | 503;
  /** Sent as `x-ms-retry-after-ms`, as Cosmos does. */
  retryAfterMs?: number;
  /** Which requests to fail; all when omitted. */
  match?: (req: SeenRequest) => boolean;
}

export interface CosmosTestServer {
  endpoint: string;
  /** Any key is accepted; the SDK only needs one to sign requests. */
  key: string;
  /** Accepts the server's self-signed certificate; pass it to `createCosmosStore`. */
  agent: Agent;
  /** Every request received, oldest first. */
  requests: SeenRequest[];
  /** Fails the next `times` matching requests with `fault` before they reach the server. */
  injectFault: (fault: Fault, times: number) => void;
  /** Drops faults not yet used, so one test's leftovers cannot fail the next. */
  clearFaults: () => void;
  /** While frozen, requests are taken but never answered (a server that has stopped responding). */
  freeze: (frozen: boolean) => void;
  stop: () => Promise<void>;
}

const FAULT_BODY: Record<Fault['status'], { code: string; message: string }> = {
  409: { code: 'Conflict', message: 'Entity with the specified id already exists in the system (injected by test)' },
  429: { code: 'TooManyRequests', message: 'Request rate is large (injected by test)' },
  503: { code: 'ServiceUnavailable', message: 'Service is unavailable (injected by test)' },
};

export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpsServer();
  const [cosmosHandler] = server.listeners('request') as RequestListener[];
  if (!cosmosHandler) throw new Error('cosmosdb-server registered no request handler');
  server.removeAllListeners('request');

  const requests: SeenRequest[] = [];
  const faults: Array<{ fault: Fault; left: number }> = [];
  let frozen = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
    requests.push(seen);
    if (frozen) return void req.resume();
    const pending = faults.find((f) => f.left > 0 && (f.fault.match?.(seen) ?? true));
    if (!pending) return void cosmosHandler(req, res);
    pending.left -= 1;
    const { status, retryAfterMs } = pending.fault;
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    if (retryAfterMs !== undefined) res.setHeader('x-ms-retry-after-ms', String(retryAfterMs));
    req.resume();
    res.end(JSON.stringify(FAULT_BODY[status]));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: Buffer.from('cosmosdb-server-test-key').toString('base64'),
    agent,
    requests,
    injectFault: (fault, times) => void faults.push({ fault, left: times }),
    clearFaults: () => void faults.splice(0),
    freeze: (value) => {
      frozen = value;
    },
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
