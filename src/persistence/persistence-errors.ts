/** The database cannot be reached right now; the same request may succeed later. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly retryable = true;
  constructor(cause: unknown) {
    super('the database is unavailable; try again shortly', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** A statement ran over DB_STATEMENT_TIMEOUT_MS (a row lock held elsewhere, an overloaded database). */
export class DatabaseTimeoutError extends Error {
  readonly code = 'DATABASE_TIMEOUT';
  readonly retryable = true;
  constructor(cause: unknown) {
    super(
      'the database did not answer in time (DB_STATEMENT_TIMEOUT_MS): the interaction may be busy elsewhere; nothing changed, try again',
      { cause },
    );
    this.name = 'DatabaseTimeoutError';
  }
}
