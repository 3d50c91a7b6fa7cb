/**
 * `/evidence/open?t=…`: the bot's own route that hands over one evidence file for a one-time,
 * short-lived link core issued to a permitted reader in their 1:1 chat. Opening it takes two steps: a
 * GET shows a page with one button, and only its POST uses the link and sends the file. Link scanners
 * and previews (Safe Links in Teams, unfurling in Slack) fetch with GET, so they can never spend the
 * link or open a child's file in the reader's name. The file goes as a download, never cached; a used
 * or expired link gets 410 and nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVIDENCE_LINK_PATH, redeemEvidenceLink } from '../../core/casefile/open-evidence';
import type { CoreDeps } from '../../core/deps';
import { DomainError } from '../../core/errors';
import type { Logger } from '../../ports/logger';
import type { RawRoute } from '../../ports/platform-route';

/** A form body holds the token and nothing else: anything bigger is refused unread. */
const MAX_FORM_BYTES = 1024;
const TOKEN = /^[A-Za-z0-9_.-]{1,200}$/;

function plain(res: ServerResponse, status: number, words: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(words);
}

/** The page a GET shows: one button that posts the token back. The token is checked to be plain characters, so it needs no escaping. */
function confirmPage(token: string): string {
  return [
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '<title>Open a file from a safeguarding record</title></head><body style="font-family:sans-serif;max-width:36em;margin:2em auto">',
    '<p><strong>Confidential: safeguarding record.</strong> Do not copy or forward.</p>',
    '<p>This link opens one file from a safeguarding record, once. Opening it is recorded.</p>',
    `<form method="post" action="${EVIDENCE_LINK_PATH}"><input type="hidden" name="t" value="${token}">`,
    '<button type="submit">Open the file</button></form></body></html>',
  ].join('');
}

function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap the rest is read and dropped, so the answer still reaches the client.
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_FORM_BYTES ? undefined : new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(undefined));
  });
}

/** The route, for the composition root to mount. */
export function evidenceLinkRoute(deps: CoreDeps, logger: Logger): RawRoute {
  return {
    kind: 'raw',
    path: EVIDENCE_LINK_PATH,
    listener(req: IncomingMessage, res: ServerResponse) {
      if (req.method === 'GET') {
        req.resume();
        const token = new URL(req.url ?? '', 'http://bot.invalid').searchParams.get('t') ?? '';
        if (!TOKEN.test(token)) return plain(res, 410, 'This link has been used or has expired. Ask for the file again where you found the link (the full record, or the transfer card).');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(confirmPage(token));
        return;
      }
      if (req.method !== 'POST') {
        req.resume();
        return plain(res, 405, 'Method not allowed.');
      }
      readForm(req)
        .then(async (form) => {
          if (!form) return plain(res, 413, 'Too large.');
          const { fileName, contentType, bytes } = await redeemEvidenceLink(deps, form.get('t') ?? '');
          res.writeHead(200, {
            'content-type': contentType,
            'content-length': String(bytes.length),
            // The name may hold a child's name with accents: an ASCII fallback, and the exact name (RFC 6266).
            'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
            'cache-control': 'no-store',
          });
          res.end(bytes);
        })
        .catch((error: unknown) => {
          if (error instanceof DomainError) return plain(res, 410, error.userMessage);
          logger.error('evidence.link-failed', { error: (error as Error)?.name });
          plain(res, 500, 'Sorry, the file could not be opened. Please try again from the full record.');
        });
    },
  };
}
