/**
 * When several people change one incident at the same moment, each etag-checked write that loses is
 * retried on the fresh record, with a short random wait that grows, up to a bound. Past the bound the
 * person is told in plain words to try again; nothing is lost silently.
 */
import { type DocumentStore, PreconditionFailedError, type Stored } from '../../ports/document-store';
import { DomainError, NotFoundError } from '../errors';
import type { Incident } from './incident';

/** Enough for fifty people pressing at once on one record; the waits add up to about two seconds at most. */
export const MAX_WRITE_ATTEMPTS = 40;

/** Too many people changed one incident at the same moment: the person is asked to try again; nothing was saved. */
export class BusyError extends DomainError {
  constructor(reference: string) {
    super('busy', `Several people changed ${reference} at the same moment, so your change was not saved. Please try again.`);
  }
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * (attempt + 1))));

/** Rethrows anything but a lost race; after the last attempt, a `BusyError`. Otherwise waits before the next try. */
export async function afterLostRace(error: unknown, attempt: number, reference: string): Promise<void> {
  if (!(error instanceof PreconditionFailedError)) throw error;
  if (attempt + 1 >= MAX_WRITE_ATTEMPTS) throw new BusyError(reference);
  await pause(attempt);
}

/**
 * After an etag-checked write of `incident` failed: rethrows anything but a lost race (a `BusyError` past
 * the last attempt), then reads the incident afresh for the next try; `NotFoundError` if it has gone.
 */
export async function reloadAfterLostRace(store: DocumentStore, error: unknown, attempt: number, incident: Stored<Incident>): Promise<Stored<Incident>> {
  await afterLostRace(error, attempt, incident.reference);
  const reloaded = await store.get<Incident>('incidents', incident.schoolId, incident.id);
  if (!reloaded) throw new NotFoundError('incident');
  return reloaded;
}
