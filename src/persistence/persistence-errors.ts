/** The database cannot be reached right now; the same request may succeed later. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly retryable = true;
  constructor(cause: unknown) {
    super('the database is unavailable; try again shortly', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Another server process wrote the interaction between this turn's read and its commit (SQLite only). */
export class ConcurrentTurnError extends Error {
  readonly code = 'CONCURRENT_TURN';
  readonly retryable = true;
  constructor(interaction: string) {
    super(
      `another turn of interaction ${interaction} was committed at the same time; send the message again`,
    );
    this.name = 'ConcurrentTurnError';
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
