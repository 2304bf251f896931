import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DatabaseTimeoutError, DatabaseUnavailableError } from './persistence-errors.js';

/**
 * Turns driver errors (through TypeORM or straight from pg / better-sqlite3) into the store's errors: a
 * statement that ran too long, or a database that cannot be reached. (A turn that lost a race or repeats a
 * message id is no error: its insert does nothing.)
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || error instanceof DatabaseTimeoutError)
    return error;
  const driver = (error instanceof QueryFailedError ? error.driverError : error) as {
    code?: string;
    message?: string;
  } | null;
  // 57014: statement_timeout (DB_STATEMENT_TIMEOUT_MS), e.g. a row lock held elsewhere.
  if (driver?.code === '57014') return new DatabaseTimeoutError(error);
  return isConnectionError(error) || isConnectionError(driver)
    ? new DatabaseUnavailableError(error)
    : error;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  // TypeORM releases a query runner by itself when its connection reports an error.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P03',
      '08006',
      '08001',
      '08003',
    ].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  );
}
