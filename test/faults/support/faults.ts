import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { type ServerProcess, startServer } from '../../support/server-process.js';
import { FIXTURES_CONFIG } from '../../support/test-app.js';

export const FAULT_FIXTURES = new URL('../fixtures/config', import.meta.url).pathname;

/** Settings every fault test starts from: no rate limits (the load is the point), quiet logs. */
export const FAULT_ENV: Record<string, string> = {
  RATE_LIMIT_MESSAGES_PER_UID: '0',
  RATE_LIMIT_MESSAGES_PER_IP: '0',
  RATE_LIMIT_CONNECTIONS_PER_UID: '0',
  RATE_LIMIT_CONNECTIONS_PER_IP: '0',
  // info: startServer waits for the "listening on" line.
  LOG_LEVEL: 'info',
};

/** The fault suite needs Postgres: without one it fails rather than skipping. */
export const requirePostgres = (): void => {
  if (inject('postgresAdminUrl') === null)
    throw new Error('the fault suite needs PostgreSQL (TEST_DATABASE_URL)');
};

/** A process's resident memory, in MB, from /proc. */
export const rssMb = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Math.round(Number(match[1]) / 1024);
};

/** Samples a process's RSS every 100 ms; `max()` is the highest seen so far. */
export function rssSampler(pid: number): { max(): number; stop(): number } {
  let max = rssMb(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssMb(pid));
    } catch {
      // the process is gone (killed on purpose)
    }
  }, 100);
  return { max: () => max, stop: () => (clearInterval(timer), max) };
}

/** Prints one summary line per test; the faults reporter repeats them at the end of the run. */
export const summary = (test: string, figures: Record<string, string | number>): void => {
  const line = `faults: ${test} ${Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
  console.log(line);
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

import { freePort } from '../../support/network.js';

export { freePort };

/** Runs the items through `work`, at most `concurrency` at a time. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  readonly url: string;
  start(): void;
  stop(): void;
  remove(): void;
}

/**
 * A Postgres cluster of this test's own (never the machine's shared one), in a temp folder, that the
 * test may stop and start. initdb refuses to run as root: as root, it runs as the postgres user.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync('/tmp/mmcc-faults-pg-');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (bin: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(PG_BIN, bin),
      asRoot ? ['-u', 'postgres', '--', join(PG_BIN, bin), ...args] : args,
      { stdio: 'pipe', timeout: 60_000 },
    );
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']),
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    remove: () => {
      try {
        cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/**
 * The file's Postgres database and the servers its tests start on it (the fault settings, the fixtures'
 * config/, then `env`), killed and dropped after the file's tests.
 */
export function useFaultServers(): {
  readonly db: TestDatabase;
  start(env?: Record<string, string>): Promise<ServerProcess>;
} {
  let db: TestDatabase | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    requirePostgres();
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    await db?.drop();
  });
  const database = () => {
    if (db === undefined) throw new Error('the fault database is not created yet');
    return db;
  };
  return {
    get db() {
      return database();
    },
    async start(env = {}) {
      const server = await startServer({
        ...FAULT_ENV,
        ...database().env,
        CONFIG_DIR: FIXTURES_CONFIG,
        ...env,
      });
      servers.push(server);
      return server;
    },
  };
}
