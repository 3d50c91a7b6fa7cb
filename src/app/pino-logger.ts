/**
 * Structured JSON logs with pino, one line per event on stdout: `{"level":"info","time":…,"event":…}`.
 * Callers pass ids, codes and counts. As a second line of defence, any field whose name suggests
 * personal data or written text is replaced by "[redacted]" wherever it appears (top level or one deep).
 */
import pino, { type DestinationStream } from 'pino';
import type { Logger } from '../ports/logger';

/** Field names that could carry a person's name, contact or what someone wrote. */
export const PERSONAL_FIELDS = [
  'name',
  'names',
  'email',
  'text',
  'detail',
  'details',
  'note',
  'reason',
  'outcome',
  'answers',
  'fields',
  'values',
  'body',
  'personName',
  'userName',
  'reporter',
  'subject',
  'forename',
  'surname',
  'preferredName',
  'displayName',
  'dateOfBirth',
  'upn',
  'misId',
] as const;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function pinoLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'esafety-bot' },
    messageKey: 'event',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
  };
  const log = destination ? pino(options, destination) : pino(options);
  return {
    info: (event, fields) => log.info(fields ?? {}, event),
    warn: (event, fields) => log.warn(fields ?? {}, event),
    error: (event, fields) => log.error(fields ?? {}, event),
  };
}
