/**
 * `GET /evidence/open?t=…`: the bot's own route that hands over one evidence file for a one-time,
 * short-lived link core issued to a permitted reader in their 1:1 chat. The file goes as a download
 * (never rendered inline by the browser, never cached); a used or expired link gets 410 and nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVIDENCE_TYPES } from '../../core/casefile/evidence-record';
import { EVIDENCE_LINK_PATH, redeemEvidenceLink } from '../../core/casefile/open-evidence';
import type { CoreDeps } from '../../core/deps';
import { DomainError } from '../../core/errors';
import type { Logger } from '../../ports/logger';
import type { RawRoute } from '../../ports/platform-route';

function plain(res: ServerResponse, status: number, words: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(words);
}

/** The route, for the composition root to mount. */
export function evidenceLinkRoute(deps: CoreDeps, logger: Logger): RawRoute {
  return {
    kind: 'raw',
    path: EVIDENCE_LINK_PATH,
    listener(req: IncomingMessage, res: ServerResponse) {
      if (req.method !== 'GET') return plain(res, 405, 'Method not allowed.');
      const token = new URL(req.url ?? '', 'http://bot.invalid').searchParams.get('t') ?? '';
      req.resume();
      redeemEvidenceLink(deps, token)
        .then(({ record, bytes }) => {
          const ext = EVIDENCE_TYPES.find((t) => t.contentType === record.contentType)?.names[0] ?? 'bin';
          res.writeHead(200, {
            'content-type': record.contentType,
            'content-length': String(bytes.length),
            'content-disposition': `attachment; filename="evidence-${record.id.slice(3, 11)}.${ext}"`,
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
