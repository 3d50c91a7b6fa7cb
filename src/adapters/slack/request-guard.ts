/**
 * The door in front of Bolt's HTTP receiver. It reads the raw body once and refuses (401, nothing runs) a
 * request without a signature or timestamp, one whose timestamp is more than five minutes from now in
 * either direction (Bolt itself only refuses old ones), or whose `v0` HMAC does not match. A signed
 * request it has already let through, or a Slack retry (`X-Slack-Retry-Num`: the first delivery was
 * handled or is in flight), gets an empty 200 and runs nothing. Only then does Bolt see the request, with
 * its body already read (Bolt reuses `rawBody`) and checks the signature again. Socket Mode has no HTTP
 * requests and so no guard.
 */
import { slackBodyRoutable } from './payload-shape';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type SignatureRefusal = 'bad-signature' | 'stale' | 'future' | 'missing';

/** Slack's window: a request signed more than five minutes from now, either way, is refused. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Signed requests remembered for replay checks: far more than a school's Slack sends in five minutes. */
export const MAX_REMEMBERED_SIGNATURES = 10_000;

/**
 * The signatures of requests already let through, each kept until its timestamp leaves the window (a
 * replay after that is refused as stale anyway), and never more than `max` of them (oldest forgotten).
 */
export class SeenSignatures {
  private readonly until = new Map<string, number>();

  constructor(private readonly max = MAX_REMEMBERED_SIGNATURES) {}

  /** True the first time `signature` is offered within its window; false for a repeat. */
  firstTime(signature: string, timestampMs: number, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    if ((this.until.get(signature) ?? 0) > nowMs) return false;
    this.until.set(signature, timestampMs + SIGNATURE_WINDOW_MS);
    while (this.until.size > this.max) this.until.delete(this.until.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.until.size;
  }

  private forgetExpired(nowMs: number): void {
    // Kept in arrival order, which is nearly expiry order; whatever is left behind goes at the cap.
    for (const [signature, until] of this.until) {
      if (until > nowMs) return;
      this.until.delete(signature);
    }
  }
}

export interface GuardOptions {
  signingSecret: string;
  /** The path Slack posts to; anything else goes straight to the inner listener. */
  path: string;
  bodyLimit: number;
  /** Told of every refusal before the 401 is sent (to count and audit it): never given the body or headers. */
  onRefused(reason: SignatureRefusal): Promise<void> | void;
  now?: () => number;
  seen?: SeenSignatures;
}

type Verdict = { kind: 'refuse'; reason: SignatureRefusal } | { kind: 'pass'; signature: string; timestampMs: number } | { kind: 'ssl-check' };

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** Slack's SSL check carries no signature; Bolt answers it with an empty 200 and strips anything else from it. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return header(req, 'content-type') === 'application/x-www-form-urlencoded' && new URLSearchParams(body.toString('utf8')).get('ssl_check') === '1';
}

export function verifySlackSignature(req: IncomingMessage, body: Buffer, signingSecret: string, nowMs: number): Verdict {
  const signature = header(req, 'x-slack-signature');
  const timestamp = header(req, 'x-slack-request-timestamp');
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return isSslCheck(req, body) ? { kind: 'ssl-check' } : { kind: 'refuse', reason: 'missing' };
  const timestampMs = Number(timestamp) * 1000;
  if (timestampMs < nowMs - SIGNATURE_WINDOW_MS) return { kind: 'refuse', reason: 'stale' };
  if (timestampMs > nowMs + SIGNATURE_WINDOW_MS) return { kind: 'refuse', reason: 'future' };
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  if (!signingSecret || given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'refuse', reason: 'bad-signature' };
  return { kind: 'pass', signature, timestampMs };
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** Reads the whole body, or undefined (with a 413 sent) when it is over the limit. */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      answer(res, 413);
      req.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (!res.headersSent) answer(res, 413);
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Wraps Bolt's request listener: Slack's requests pass only signed, in time, and once. */
export function guardSlackRequests(inner: RequestListener, options: GuardOptions): RequestListener {
  const now = options.now ?? Date.now;
  const seen = options.seen ?? new SeenSignatures();
  const guarded = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, res, options.bodyLimit);
    if (!body) return;
    const nowMs = now();
    const verdict = verifySlackSignature(req, body, options.signingSecret, nowMs);
    if (verdict.kind === 'refuse') {
      await options.onRefused(verdict.reason);
      answer(res, 401);
      return;
    }
    // A retry is signed afresh, so it is not a repeat by signature; the first delivery already ran.
    if (verdict.kind === 'pass' && (header(req, 'x-slack-retry-num') !== undefined || !seen.firstTime(verdict.signature, verdict.timestampMs, nowMs))) {
      answer(res, 200);
      return;
    }
    if (verdict.kind === 'pass' && !slackBodyRoutable(body, header(req, 'content-type'))) {
      answer(res, 400);
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    inner(req, res);
  };
  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== options.path) return inner(req, res);
    guarded(req, res).catch(() => {
      if (!res.headersSent) answer(res, 400);
      else res.end();
    });
  };
}
