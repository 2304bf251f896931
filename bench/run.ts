import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * `npm run bench`: the ceilings (bare socket.io and ws servers) and this server over socket.io and the plain
 * WebSocket, on SQLite and on Postgres, at several connection counts, all in one run on this machine; then idle
 * memory per socket.io connection. Options: --duration=<ms measured per run> --warmup=<ms of load before it>
 * --connections=1,50,200 --idle=5000 --postgres=<url of a maintenance database> (default: the local server,
 * skipped when unreachable) --databases=SQLite,Postgres (to compare two builds on one, say). Then the counter with
 * Python callbacks (bench/python/counter), over ws on SQLite at --python-connections=50, with each of
 * --python-workers=1,2 workers, the workers' CPU beside the server's; --only=python runs only those rows and the
 * TypeScript counter's row beside them.
 */
const ROOT = new URL('../', import.meta.url).pathname;
const option = (name: string, fallback: string) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=') ?? fallback;
const DURATION = Number(option('duration', '5000'));
const WARMUP = Number(option('warmup', '1000'));
const CONNECTIONS = option('connections', '1,50,200').split(',').map(Number);
const IDLE = Number(option('idle', '5000'));
const POSTGRES = option('postgres', 'postgres://postgres@127.0.0.1:5432/postgres');
const DATABASES = option('databases', 'SQLite,Postgres').split(',');
/** The Python-callback rows: the counter as my_callbacks.py, over ws on SQLite, with each of these worker counts. */
const PYTHON_WORKERS = option('python-workers', '1,2').split(',').filter(Boolean).map(Number);
const PYTHON_CONNECTIONS = Number(option('python-connections', '50'));
/** --only=python: the Python rows and the TypeScript row beside them, nothing else. */
const ONLY = option('only', '');
const CLK_TCK = 100;

interface Row {
  target: string;
  transport: 'socket.io' | 'ws';
  database: string;
  connections: number;
  turnsPerSecond: number;
  p50ms: number;
  p99ms: number;
  cpuMsPer1000Turns: number;
  /** Postgres CPU per 1,000 turns: its backends serving this run's database and its auxiliary processes. */
  dbCpuMsPer1000Turns: number | null;
  /** The Python workers' CPU per 1,000 turns (Python-callback rows), beside the server's own. */
  workersCpuMsPer1000Turns?: number;
  errors: number;
  check: string;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
};
/** The CPU of a process's children (the Python workers), each counted from zero when it started during the run. */
const childrenCpu = (pid: number): Map<number, number> => {
  const cpu = new Map<number, number>();
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ');
  for (const child of children.filter(Boolean).map(Number)) {
    try {
      cpu.set(child, cpuMs(child));
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
};
const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/**
 * The Postgres processes that work for a run: the backends connected to its database and the cluster's
 * auxiliary processes (WAL writer, checkpointer...), which have no database. Backends of other databases
 * (other test suites on the same server) are left out.
 */
async function postgresCpu(databaseUrl: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE (datname = current_database() OR datname IS NULL) AND pid <> pg_backend_pid()`,
  );
  await client.end();
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMs(pid));
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

async function startServer(
  command: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null
      ? resolve()
      : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
  );

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
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  ).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** What the database holds for each interaction: the inputs stored in its transcript. */
async function storedTurns(env: Record<string, string>): Promise<Map<string, number>> {
  const sql =
    'SELECT interaction_id AS id, COUNT(*) AS n FROM turns WHERE input IS NOT NULL GROUP BY interaction_id';
  if (env.DATABASE_URL !== undefined) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ id: string; n: string }>(sql);
    await client.end();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }
  const db = new Database(env.SQLITE_PATH, { readonly: true });
  const rows = db.prepare(sql).all() as { id: string; n: number }[];
  db.close();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `mmcc_bench_${Date.now()}`;
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

const OURS_ENV = {
  CONFIG_DIR: 'test/fixtures/config',
  DEFAULT_PROCESS: 'counter',
  LOG_LEVEL: 'info',
  RATE_LIMIT_MESSAGES_PER_UID: '0',
  RATE_LIMIT_MESSAGES_PER_IP: '0',
  RATE_LIMIT_CONNECTIONS_PER_UID: '0',
  RATE_LIMIT_CONNECTIONS_PER_IP: '0',
};

async function measure(
  target: string,
  transport: 'socket.io' | 'ws',
  database: string,
  connections: number,
  env: Record<string, string> | null,
): Promise<Row> {
  const port = await freePort();
  const server =
    env === null
      ? await startServer(
          ['--import', 'tsx', 'bench/ceiling-servers.ts', transport, String(port)],
          {},
        )
      : await startServer(['dist/main.js'], {
          ...OURS_ENV,
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        });
  const pid = server.child.pid!;
  const databaseUrl = env?.DATABASE_URL;
  const dbBefore = databaseUrl === undefined ? null : await postgresCpu(databaseUrl);
  const cpuBefore = cpuMs(pid);
  const workersBefore = childrenCpu(pid);
  const load = runLoad(server.url, transport, env === null ? 'ceiling' : 'ours', connections);
  const cpu = cpuMs(pid) - cpuBefore;
  let workersCpu = 0;
  for (const [child, ms] of childrenCpu(pid)) workersCpu += ms - (workersBefore.get(child) ?? 0);
  let dbCpu: number | null = null;
  if (databaseUrl !== undefined && dbBefore !== null) {
    dbCpu = 0;
    // a backend that connected during the run counts from zero
    for (const [dbPid, ms] of await postgresCpu(databaseUrl))
      dbCpu += ms - (dbBefore.get(dbPid) ?? 0);
  }
  await stop(server.child);
  let check = '-';
  if (env !== null) {
    const stored = await storedTurns(env);
    const lost = Object.entries(load.acked).filter(([id, n]) => (stored.get(id) ?? 0) !== n);
    check =
      lost.length === 0
        ? `ok (${load.ackedTotal} acked = stored)`
        : `MISMATCH in ${lost.length} interactions`;
  }
  return {
    target,
    transport,
    database,
    connections,
    turnsPerSecond: load.turnsPerSecond,
    p50ms: load.p50ms,
    p99ms: load.p99ms,
    // over every turn of the run, warm-up included (the CPU cannot be split): a little pessimistic
    cpuMsPer1000Turns: load.ackedTotal === 0 ? 0 : Math.round((cpu * 1000) / load.ackedTotal),
    dbCpuMsPer1000Turns:
      dbCpu === null || load.ackedTotal === 0 ? null : Math.round((dbCpu * 1000) / load.ackedTotal),
    errors: load.errors,
    check,
    ...(workersCpu > 0 && load.ackedTotal > 0
      ? { workersCpuMsPer1000Turns: Math.round((workersCpu * 1000) / load.ackedTotal) }
      : {}),
  };
}

async function idleMemory(): Promise<{
  connections: number;
  rssGrowthKb: number;
  kbPerConnection: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'mmcc-bench-'));
  const port = await freePort();
  const server = await startServer(['dist/main.js'], {
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
    ['--import', 'tsx', 'bench/idle-clients.ts', server.url, String(IDLE)],
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

const rows: Row[] = [];
const sqliteEnv = () => ({
  SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'mmcc-bench-')), 'bench.sqlite'),
});
const postgres = ONLY === 'python' ? null : await postgresDatabase();
for (const connections of ONLY === 'python' ? [] : CONNECTIONS) {
  for (const transport of ['socket.io', 'ws'] as const) {
    rows.push(await measure(`ceiling (bare ${transport})`, transport, '-', connections, null));
    if (DATABASES.includes('SQLite'))
      rows.push(await measure('mmcc-backend', transport, 'SQLite', connections, sqliteEnv()));
    if (postgres !== null && DATABASES.includes('Postgres'))
      rows.push(
        await measure('mmcc-backend', transport, 'Postgres', connections, {
          DATABASE_URL: postgres.url,
        }),
      );
  }
}
// The counter with Python callbacks (bench/python/counter) beside the same counter in TypeScript.
if (ONLY === 'python')
  rows.push(await measure('mmcc-backend', 'ws', 'SQLite', PYTHON_CONNECTIONS, sqliteEnv()));
for (const workers of PYTHON_WORKERS)
  rows.push(
    await measure(
      `mmcc-backend, Python callbacks, ${workers} worker${workers === 1 ? '' : 's'}`,
      'ws',
      'SQLite',
      PYTHON_CONNECTIONS,
      { ...sqliteEnv(), CONFIG_DIR: 'bench/python', PYTHON_WORKERS: String(workers) },
    ),
  );
const idle =
  ONLY === 'python' ? { connections: 0, rssGrowthKb: 0, kbPerConnection: 0 } : await idleMemory();
const postgresVersion =
  postgres === null
    ? null
    : await (async () => {
        const c = new pg.Client({ connectionString: postgres.url });
        await c.connect();
        const v = (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]
          .server_version;
        await c.end();
        return v;
      })();
await postgres?.drop();

console.log(
  `\nmmcc-backend benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0].model}, Node ${process.version}, each run ${WARMUP} ms of warm-up then ${DURATION} ms measured`,
);
console.table(rows.map((r) => ({ ...r })));
const ratio = (transport: string, database: string, connections: number) => {
  const ceiling = rows.find(
    (r) =>
      r.target.startsWith('ceiling') && r.transport === transport && r.connections === connections,
  );
  const ours = rows.find(
    (r) =>
      r.target === 'mmcc-backend' &&
      r.transport === transport &&
      r.database === database &&
      r.connections === connections,
  );
  return ceiling && ours
    ? Math.round((ours.turnsPerSecond / ceiling.turnsPerSecond) * 1000) / 10
    : null;
};
const ours = (transport: string, database: string, connections: number) =>
  rows.find(
    (r) =>
      r.target === 'mmcc-backend' &&
      r.transport === transport &&
      r.database === database &&
      r.connections === connections,
  );
/** The targets on this machine, each with the figure reached in this run. */
const targets =
  ONLY === 'python'
    ? []
    : [
        ...['socket.io', 'ws'].flatMap((t) =>
          (
            [
              ['Postgres', 25],
              ['SQLite', 30],
            ] as const
          ).map(([d, goal]) => ({
            target: `${t} on ${d}, 50 connections: turns/s ≥ ${goal}% of the bare ${t} ceiling`,
            reached: ratio(t, d, 50) === null ? null : `${ratio(t, d, 50)}%`,
            met: (ratio(t, d, 50) ?? -1) >= goal,
          })),
        ),
        ...['socket.io', 'ws'].flatMap((t) =>
          (
            [
              [50, 10],
              [200, 40],
            ] as const
          ).map(([connections, goal]) => {
            const p99 = ours(t, 'Postgres', connections)?.p99ms ?? null;
            return {
              target: `${t} on Postgres, ${connections} connections: p99 ≤ ${goal} ms`,
              reached: p99 === null ? null : `${p99} ms`,
              met: p99 !== null && p99 <= goal,
            };
          }),
        ),
        ...(
          [
            ['ws', 40],
            ['socket.io', 50],
          ] as const
        ).map(([t, goal]) => {
          const cpu = ours(t, 'Postgres', 50)?.cpuMsPer1000Turns ?? null;
          return {
            target: `${t} on Postgres, 50 connections: server CPU ≤ ${goal} ms per 1,000 turns`,
            reached: cpu === null ? null : `${cpu} ms`,
            met: cpu !== null && cpu <= goal,
          };
        }),
        ...['socket.io', 'ws'].map((t) => {
          const cpu = ours(t, 'Postgres', 50)?.dbCpuMsPer1000Turns ?? null;
          return {
            target: `${t} on Postgres, 50 connections: database CPU ≤ 20 ms per 1,000 turns`,
            reached: cpu === null ? null : `${cpu} ms`,
            met: cpu !== null && cpu <= 20,
          };
        }),
        {
          target: 'RSS per idle socket.io connection ≤ 30 KB',
          reached: `${idle.kbPerConnection} KB (${idle.connections} connections)`,
          met: idle.kbPerConnection <= 30,
        },
      ];
console.log('targets:');
console.table(targets);

const versions = Object.fromEntries(
  ['@nestjs/core', 'socket.io', 'ws', 'typeorm', 'pg', 'better-sqlite3'].map((p) => [
    p,
    JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8'))
      .version as string,
  ]),
);
const file = join(ROOT, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0].model, memoryBytes: totalmem() },
      node: process.version,
      postgres: postgresVersion,
      versions,
      durationMs: DURATION,
      warmupMs: WARMUP,
      rows,
      targets,
      idle,
    },
    null,
    2,
  ),
);
console.log(`written to ${file}`);
