/**
 * The benchmark's load generator: one keep-alive HTTP client per measurement family, a fixed number of
 * requests in flight, and the figures (throughput, p50, p99) of one timed run. Every socket and response
 * has an `error` listener, and a failed request stops the run: no request is left in flight when the
 * caller goes on to stop the servers (a request cut off at a server's close is what crashed a run once).
 */
import http from 'node:http';

export interface Reply {
  status: number;
  text: string;
  ms: number;
}

export type Figures = {
  rps: number;
  p50_ms: number;
  p99_ms: number;
};

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** The value at rank ⌈p·n⌉ of an ascending list (nearest-rank percentile). */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Throughput over the wall time of the run, and latency percentiles of its replies. */
export function figures(replies: Reply[], wallMs: number): Figures {
  const ms = replies.map((r) => r.ms).sort((a, b) => a - b);
  return { rps: round1((replies.length / wallMs) * 1000), p50_ms: round1(percentile(ms, 0.5)), p99_ms: round1(percentile(ms, 0.99)) };
}

/** A keep-alive client with at most `maxSockets` connections; `post` times one request to its last byte. */
export class BenchClient {
  private readonly agent: http.Agent;

  constructor(readonly maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post(base: URL, path: string, body: string, headers: Record<string, string | number>): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request({ agent: this.agent, host: base.hostname, port: base.port, path, method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes every connection (idle ones at once); call only when no request is in flight. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * Sends `n` requests (`send(i)` makes the i-th) with `concurrency` in flight; replies in order and the
 * wall time. On the first failure no further request starts, the ones in flight are awaited, and the
 * failure is thrown.
 */
export async function load(n: number, concurrency: number, send: (i: number) => Promise<Reply>): Promise<{ replies: Reply[]; wallMs: number }> {
  const replies: Reply[] = new Array(n);
  let next = 0;
  let failure: unknown;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < n && failure === undefined) {
      const i = next++;
      try {
        replies[i] = await send(i);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  if (failure !== undefined) throw failure;
  return { replies, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}
