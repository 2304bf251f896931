import type { DataSource } from 'typeorm';

/** Any fixed number: the Postgres advisory lock that keeps two servers from migrating at once. */
const MIGRATION_LOCK = 7_361_902;

/** Brings the schema up to date; safe when several servers boot together on one Postgres. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  try {
    // Another server may hold the lock while it migrates: wait for it, whatever DB_STATEMENT_TIMEOUT_MS says.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
