import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isMissingSchema } from './driver-errors.js';

/** The database answers, but without the schema this server migrates to (dropped, or never migrated). */
export class SchemaMissingError extends AppError {
  readonly code = 'DATABASE_UNAVAILABLE';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 2;
  constructor(detail: string, cause?: unknown) {
    super(
      `the database's schema is missing or out of date (${detail}): restart the server (it migrates at boot) or run npm run db:migrate`,
      { cause },
    );
  }
}

/**
 * For /health: the latest migration is recorded and the tables every turn reads are there (a schema dropped
 * by hand, or a database recreated empty, fails here while `SELECT 1` would pass). Reads no row.
 */
export async function checkSchema(dataSource: DataSource): Promise<void> {
  const latest = dataSource.migrations
    .map((m) => m.name ?? m.constructor.name)
    .sort((a, b) => timestampOf(a) - timestampOf(b))
    .at(-1);
  const table = dataSource.driver.escape(dataSource.options.migrationsTableName ?? 'migrations');
  const parameter = dataSource.options.type === 'postgres' ? '$1' : '?';
  try {
    const rows = (await dataSource.query(`SELECT name FROM ${table} WHERE name = ${parameter}`, [
      latest,
    ])) as unknown[];
    if (rows.length === 0) throw new SchemaMissingError(`migration ${latest} is not applied`);
    await dataSource.query('SELECT 1 FROM interactions WHERE 1 = 0');
    await dataSource.query('SELECT 1 FROM turns WHERE 1 = 0');
  } catch (error) {
    if (isMissingSchema(error)) throw new SchemaMissingError('a table is missing', error);
    throw error;
  }
}

const timestampOf = (name: string): number => Number(/(\d{13})$/.exec(name)?.[1] ?? 0);
