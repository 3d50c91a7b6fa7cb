/** A failure the person acting should hear about in plain words. Adapters add a correlation id. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    /** Plain words for the person, safe to show in chat (no personal data). */
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
  }
}

/** The actor does not hold a role the pack names for `what`; callers audit the refusal before throwing it. */
export class NotPermittedError extends DomainError {
  constructor(what: string) {
    super('not-permitted', `Only the people named for this in the school's policy can ${what}. Your attempt has been recorded.`);
  }
}

/** The record asked for is not there (or not in this school). */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not-found', `That ${what} could not be found. It may have been finished already.`);
  }
}

/** Something the person entered needs another look: one plain-words message per field. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly fieldErrors: Record<string, string>,
    message = 'Some answers need another look.',
  ) {
    super('invalid-input', message);
  }
}
