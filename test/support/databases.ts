import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of a reachable Postgres server (its maintenance database), or null when there is none. */
    postgresAdminUrl: string | null;
  }
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** The databases the e2e suites run on: SQLite always, Postgres whenever one is reachable. */
export const testDatabases = (): DatabaseKind[] =>
  inject('postgresAdminUrl') === null ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  readonly kind: DatabaseKind;
  /** The settings that point the server at this database. */
  readonly env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind, for one test file (so that files never collide). */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'mmcc-db-'));
    return {
      kind,
      env: { SQLITE_PATH: join(dir, 'test.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = inject('postgresAdminUrl');
  if (adminUrl === null) throw new Error('no Postgres to test on');
  const name = `mmcc_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    drop: () =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Finds the Postgres to test on. Without one, the Postgres suites are skipped, unless CI is set: then
 * its absence fails the run.
 */
export async function findPostgres(options: { url: string; ci: boolean }): Promise<string | null> {
  try {
    await withClient(options.url, (c) => c.query('SELECT 1'));
    return options.url;
  } catch (error) {
    if (options.ci) {
      throw new Error(
        `CI=true needs PostgreSQL for the test suite, but ${options.url} cannot be reached ` +
          `(${(error as Error).message}). Start it, or set TEST_DATABASE_URL.`,
      );
    }
    return null;
  }
}
