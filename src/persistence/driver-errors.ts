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
  return isConnectionError(error) ||
    isConnectionError(driver) ||
    isMissingSchema(error) ||
    isMissingSchema(driver)
    ? new DatabaseUnavailableError(error)
    : error;
}

/**
 * The database or its tables are gone (dropped, or a fresh database that was never migrated): no request can
 * succeed until an operator restores them (a restart migrates), so it is the database being unavailable.
 */
export function isMissingSchema(error: unknown): boolean {
  if (error instanceof QueryFailedError) return isMissingSchema(error.driverError);
  const code = (error as { code?: string } | null)?.code ?? '';
  // 3D000: invalid_catalog_name (no such database); 42P01: undefined_table.
  if (code === '3D000' || code === '42P01') return true;
  const message = error instanceof Error ? error.message : '';
  return code.startsWith('SQLITE_') && /^no such table/i.test(message);
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
