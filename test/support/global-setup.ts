import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { findPostgres } from './databases.js';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Builds dist/ once (for the tests that start the real server), and finds the Postgres to test on. */
export default async function setup(project: TestProject): Promise<void> {
  execFileSync('npx', ['nest', 'build'], { stdio: 'inherit' });
  const postgres = await findPostgres({
    url: process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES,
    ci: process.env.CI === 'true',
  });
  console.log(
    postgres === null
      ? 'tests: no PostgreSQL reachable, running the SQLite suites only'
      : `tests: PostgreSQL at ${postgres}`,
  );
  project.provide('postgresAdminUrl', postgres);
}
