import { AppError } from '../common/app-error.js';
/** The database cannot be reached right now; the same request may succeed later. */
export class DatabaseUnavailableError extends AppError {
  readonly code = 'DATABASE_UNAVAILABLE';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 2;
  constructor(cause: unknown) {
    super('the database is unavailable; try again shortly', { cause });
  }
}

/** A statement ran over DB_STATEMENT_TIMEOUT_MS (a row lock held elsewhere, an overloaded database). */
export class DatabaseTimeoutError extends AppError {
  readonly code = 'DATABASE_TIMEOUT';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 2;
  constructor(cause: unknown) {
    super(
      'the database did not answer in time (DB_STATEMENT_TIMEOUT_MS): the interaction may be busy elsewhere; nothing changed, try again',
      { cause },
    );
  }
}
