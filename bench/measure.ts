import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DURATION, IDLE, POSTGRES, SERVER_NODE_FLAGS, WARMUP } from './options.js';
import {
  childrenCpu,
  cpuMs,
  freePort,
  postgresCommits,
  postgresCpu,
  postgresCpuSince,
  ROOT,
  rssKb,
  startServer,
  stop,
} from './proc.js';
import type { Idle, Row } from './targets.js';

export const OURS_ENV = {
  CONFIG_DIR: 'bench/config',
  DEFAULT_PROCESS: 'counter',
  LOG_LEVEL: 'info',
  RATE_LIMIT_MESSAGES_PER_UID: '0',
  RATE_LIMIT_MESSAGES_PER_IP: '0',
  RATE_LIMIT_CONNECTIONS_PER_UID: '0',
  RATE_LIMIT_CONNECTIONS_PER_IP: '0',
};
/** The bench server's admin token (the flat-data rows time the admin API with it). */
export const ADMIN_TOKEN = 'bench-admin-token-not-a-secret';

export const sqliteEnv = () => ({
  SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'mmcc-bench-')), 'bench.sqlite'),
});

function runLoad(
  url: string,
  transport: string,
  target: string,
  connections: number,
): {
  turns: number;
  ackedTotal: number;
  errors: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
  acked: Record<string, number>;
} {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/load.ts',
      url,
      transport,
      target,
      String(connections),
      String(DURATION),
      String(WARMUP),
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** What the database holds for each of these interactions: the inputs stored in its transcript. */
async function storedTurns(
  env: Record<string, string>,
  ids: string[],
): Promise<Map<string, number>> {
  const sql = (where: string) =>
    `SELECT interaction_id AS id, COUNT(*) AS n FROM turns WHERE input IS NOT NULL${where} GROUP BY interaction_id`;
  if (env.DATABASE_URL !== undefined) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ id: string; n: string }>(
      sql(' AND interaction_id = ANY($1)'),
      [ids],
    );
    await client.end();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }
  const db = new Database(env.SQLITE_PATH, { readonly: true });
  const rows = db.prepare(sql('')).all() as { id: string; n: number }[];
  db.close();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** A fresh Postgres database for the run (null when the server cannot be reached), and how to drop it. */
export async function postgresDatabase(
  purpose: string,
): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `mmcc_bench_${purpose}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * One row: a server (this one with `env`, or the bare ceiling with `env` null) under the load at
 * `connections`; its CPU, Postgres's, and the check that every acknowledged turn is stored. `whileRunning`
 * runs after the load, on the same server, before it stops (its time is in no figure of the row).
 */
export async function measure(
  target: string,
  transport: 'socket.io' | 'ws',
  database: string,
  connections: number,
  env: Record<string, string> | null,
  whileRunning?: (url: string) => Promise<void>,
): Promise<Row> {
  const port = await freePort();
  const server =
    env === null
      ? await startServer(
          ['--import', 'tsx', 'bench/ceiling-servers.ts', transport, String(port)],
          {},
        )
      : await startServer([...SERVER_NODE_FLAGS, 'dist/main.js'], {
          ...OURS_ENV,
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        });
  const pid = server.child.pid!;
  const databaseUrl = env?.DATABASE_URL;
  const dbBefore = databaseUrl === undefined ? null : await postgresCpu(databaseUrl);
  const commitsBefore = databaseUrl === undefined ? 0 : await postgresCommits(databaseUrl);
  const cpuBefore = cpuMs(pid);
  const workersBefore = childrenCpu(pid);
  const load = runLoad(server.url, transport, env === null ? 'ceiling' : 'ours', connections);
  const cpu = cpuMs(pid) - cpuBefore;
  let workersCpu = 0;
  for (const [child, ms] of childrenCpu(pid)) workersCpu += ms - (workersBefore.get(child) ?? 0);
  const dbCpu =
    databaseUrl === undefined || dbBefore === null
      ? null
      : postgresCpuSince(dbBefore, await postgresCpu(databaseUrl));
  if (whileRunning !== undefined) await whileRunning(server.url);
  await stop(server.child);
  let turnsPerCommit: number | undefined;
  if (databaseUrl !== undefined) {
    // the server's backends report their last commits as they exit
    await new Promise((r) => setTimeout(r, 500));
    const commits = (await postgresCommits(databaseUrl)) - commitsBefore;
    if (commits > 0) turnsPerCommit = Math.round((load.ackedTotal / commits) * 10) / 10;
  }
  let check = '-';
  if (env !== null) {
    const stored = await storedTurns(env, Object.keys(load.acked));
    const lost = Object.entries(load.acked).filter(([id, n]) => (stored.get(id) ?? 0) !== n);
    check =
      lost.length === 0
        ? `ok (${load.ackedTotal} acked = stored)`
        : `MISMATCH in ${lost.length} interactions`;
  }
  const per1000 = (ms: number) =>
    load.ackedTotal === 0 ? 0 : Math.round((ms * 10_000) / load.ackedTotal) / 10;
  return {
    target,
    transport,
    database,
    connections,
    turnsPerSecond: load.turnsPerSecond,
    p50ms: load.p50ms,
    p99ms: load.p99ms,
    // over every turn of the run, warm-up included (the CPU cannot be split): a little pessimistic
    cpuMsPer1000Turns: per1000(cpu),
    dbCpuMsPer1000Turns: dbCpu === null ? null : per1000(dbCpu),
    ...(turnsPerCommit === undefined ? {} : { turnsPerCommit }),
    errors: load.errors,
    check,
    ...(workersCpu > 0 && load.ackedTotal > 0
      ? { workersCpuMsPer1000Turns: per1000(workersCpu) }
      : {}),
  };
}

/**
 * RSS per idle socket.io connection: IDLE connections held open by another process, the server's RSS
 * before and two seconds after. This server (on SQLite: each connection starts an interaction) or, with
 * `ceiling`, the bare socket.io server.
 */
export async function idleMemory(ceiling: boolean): Promise<Idle> {
  const dir = mkdtempSync(join(tmpdir(), 'mmcc-bench-'));
  const port = await freePort();
  const server = ceiling
    ? await startServer(
        ['--import', 'tsx', 'bench/ceiling-servers.ts', 'socket.io', String(port)],
        {},
      )
    : await startServer([...SERVER_NODE_FLAGS, 'dist/main.js'], {
        ...OURS_ENV,
        SQLITE_PATH: join(dir, 'idle.sqlite'),
        PORT: String(port),
        HOST: '127.0.0.1',
      });
  const pid = server.child.pid!;
  await new Promise((r) => setTimeout(r, 1000));
  const before = rssKb(pid);
  const holder = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/idle-clients.ts',
      server.url,
      String(IDLE),
      ceiling ? 'ceiling' : 'ours',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) =>
    holder.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  await new Promise((r) => setTimeout(r, 2000));
  const after = rssKb(pid);
  holder.kill();
  await stop(server.child);
  return {
    connections: IDLE,
    rssGrowthKb: after - before,
    kbPerConnection: Math.round(((after - before) / IDLE) * 10) / 10,
  };
}
