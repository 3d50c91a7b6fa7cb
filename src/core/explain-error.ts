/** Turns an error into plain words for the person; an unexpected one is logged with a code they can quote. */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../ports/logger';
import { DomainError, InvalidInputError } from './errors';

/** The words to show the person for `error`: a domain error's own words, or a general apology with a code that is also logged (never the error's details). */
export function explainError(error: unknown, logger: Logger, where: string): string {
  if (error instanceof InvalidInputError) return Object.values(error.fieldErrors).join(' ') || error.userMessage;
  if (error instanceof DomainError) return error.userMessage;
  const correlationId = randomUUID().slice(0, 8);
  logger.error('handler-failed', { where, correlationId, error: (error as Error)?.name, message: (error as Error)?.message?.slice(0, 200) });
  return `Sorry, something went wrong and nothing was changed. Please try again. If it keeps happening, tell your IT team this code: ${correlationId}.`;
}
