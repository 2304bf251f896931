import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findPostgres } from './databases.js';

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** What dist/ is built from: a change to any of these (a file or a folder's entries) makes it stale. */
const SOURCES = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

/** The newest modification time of a file or, for a folder, of it and everything in it. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/**
 * Builds dist/ (for the tests that start the real server) once: only when it is older than its sources, so
 * that runs of test files that change nothing in src/ do not build again. Then finds the Postgres to test on.
 */
export default async function setup(project: TestProject): Promise<void> {
  const built = existsSync('dist/main.js') ? statSync('dist/main.js').mtimeMs : 0;
  if (Math.max(...SOURCES.map(newest)) >= built)
    execFileSync('npx', ['nest', 'build'], { stdio: 'inherit' });
  else console.log('tests: dist/ is newer than src/, not built again');
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
