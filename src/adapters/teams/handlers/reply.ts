/** Turns domain errors into plain words for the person, with a correlation id for support. */
import { explainError } from '../../../core/explain-error';
import type { Logger } from '../../../ports/logger';

export function plainWords(error: unknown, logger: Logger, where: string): string {
  return explainError(error, logger, `teams.${where}`);
}
