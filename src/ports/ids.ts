import { randomUUID } from 'node:crypto';

/** Source of opaque random ids (wizard ids, audit event ids). */
export interface IdSource {
  next(): string;
}

export const randomIds: IdSource = { next: () => randomUUID() };
