import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { databaseCeiling } from './database-ceiling.js';
import { flatData } from './flat-data.js';
import { idleMemory, measure, postgresDatabase, sqliteEnv } from './measure.js';
import {
  API_RUNS,
  CONNECTIONS,
  DATABASES,
  DURATION,
  ONLY,
  PYTHON_CONNECTIONS,
  PYTHON_WORKERS,
  STORED,
  STORED_CONNECTIONS,
  STORED_INTERACTIONS,
  STORED_ROUNDS,
  WARMUP,
} from './options.js';
import { ROOT } from './proc.js';
import { markdown, type Row, type Stored, targets, targetTable } from './targets.js';
import { readTemplate } from './turn-template.js';

/**
 * `npm run bench`: the ceilings (bare socket.io and ws servers) and this server over socket.io and the plain
 * WebSocket, on SQLite and on Postgres, at several connection counts, all in one run on this machine; on
 * Postgres, after this server's ws row, the database ceiling (the turn log's append alone, from the bench, one
 * batch of a turn per connection at a time); then idle memory per socket.io connection, this server's and the bare
 * socket.io server's. With --stored=<turns>, the flat-data rows (bench/flat-data.ts). Then the counter with
 * Python callbacks (bench/python/counter). It prints every row, the targets beside their ceilings, the tables
 * in Markdown, and writes all of it with the machine's description to bench/results/<time>.json.
 * Options (docs/performance.md): --duration --warmup --connections --idle --postgres --databases --stored
 * --stored-interactions --stored-rounds --stored-connections --api-runs --python-workers --python-connections
 * --only=python.
 */
const startedAt = new Date();
const loadAtStart = loadavg();
const rows: Row[] = [];
const postgres = ONLY === 'python' ? null : await postgresDatabase('run');
if (STORED > 0 && postgres === null) {
  console.error(
    'npm run bench: --stored needs Postgres, and the server of --postgres cannot be reached',
  );
  process.exit(2);
}
for (const connections of ONLY === 'python' ? [] : CONNECTIONS) {
  for (const transport of ['socket.io', 'ws'] as const) {
    rows.push(await measure(`ceiling (bare ${transport})`, transport, '-', connections, null));
    if (DATABASES.includes('SQLite'))
      rows.push(await measure('mmcc-backend', transport, 'SQLite', connections, sqliteEnv()));
    if (postgres !== null && DATABASES.includes('Postgres')) {
      const row = await measure('mmcc-backend', transport, 'Postgres', connections, {
        DATABASE_URL: postgres.url,
      });
      rows.push(row);
      if (transport === 'ws') {
        // The append alone on the same database, in the fullest batches the closed loop allows (every
        // connection's turn in one, up to the server's 256), one in flight as on the server.
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        const template = await readTemplate(client);
        await client.end();
        const batch = Math.min(256, connections);
        const ceiling = await databaseCeiling(postgres.url, template, batch, DURATION, WARMUP);
        rows.push({
          target: 'database ceiling (append alone)',
          transport: '-',
          database: 'Postgres',
          connections,
          turnsPerSecond: ceiling.rowsPerSecond,
          p50ms: ceiling.p50ms,
          p99ms: ceiling.p99ms,
          cpuMsPer1000Turns: null,
          dbCpuMsPer1000Turns: ceiling.dbCpuMsPer1000Rows,
          turnsPerCommit: batch,
          errors: 0,
          check: ceiling.check,
        });
      }
    }
  }
}
const idle = ONLY === 'python' ? null : await idleMemory(false);
const idleCeiling = ONLY === 'python' ? null : await idleMemory(true);
const stored: Stored | null =
  STORED > 0
    ? await flatData({
        turns: STORED,
        interactions: STORED_INTERACTIONS,
        rounds: STORED_ROUNDS,
        connections: STORED_CONNECTIONS,
        apiRuns: API_RUNS,
      })
    : null;
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

const machine = {
  cpus: cpus().length,
  model: cpus()[0].model,
  memoryBytes: totalmem(),
  node: process.version,
  postgres: postgresVersion,
  loadAverage: { start: loadAtStart, end: loadavg() },
};
const fmtLoad = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
console.log(
  `\nmmcc-backend benchmark, ${startedAt.toISOString()}, ${machine.cpus} × ${machine.model}, ` +
    `${Math.round(machine.memoryBytes / 2 ** 30)} GiB, Node ${machine.node}, Postgres ${postgresVersion ?? '-'}, ` +
    `load average ${fmtLoad(machine.loadAverage.start)} at the start, ${fmtLoad(machine.loadAverage.end)} at the end; ` +
    `each run ${WARMUP} ms of warm-up then ${DURATION} ms measured`,
);
console.table(rows.map((r) => ({ ...r })));
if (idle !== null)
  console.log(
    `idle socket.io connections (${idle.connections}): ${idle.kbPerConnection} KB each on this server, ` +
      `${idleCeiling?.kbPerConnection} KB on the bare socket.io server`,
  );
if (stored !== null) {
  console.log(
    `flat data: ${stored.turns} turns of ${stored.interactions} interactions preloaded in ${stored.preloadMs} ms` +
      (stored.templateDiffers.length === 0
        ? " (rows like the server's own)"
        : ` (WARNING: the preloaded rows differ from the server's in ${stored.templateDiffers.join(', ')})`),
  );
  console.table(
    stored.rounds.flatMap((r, i) => [r.empty, r.stored].map((row) => ({ round: i + 1, ...row }))),
  );
  console.table(stored.api.map((a) => ({ ...a })));
}
const list = ONLY === 'python' ? [] : targets(rows, idle, idleCeiling, stored);
console.log('targets (each figure beside the ceiling of the same run):');
console.table(targetTable(list));
console.log(
  `\nthe tables in Markdown (docs/performance.md, "Latest run"):\n\n${markdown(rows, list, stored)}\n`,
);

const versions = Object.fromEntries(
  ['@nestjs/core', 'socket.io', 'ws', 'typeorm', 'pg', 'better-sqlite3'].map((p) => [
    p,
    JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8'))
      .version as string,
  ]),
);
const file = join(ROOT, 'bench/results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      date: startedAt.toISOString(),
      machine,
      versions,
      options: process.argv.slice(2),
      durationMs: DURATION,
      warmupMs: WARMUP,
      rows,
      idle,
      idleCeiling,
      stored,
      targets: list,
    },
    null,
    2,
  ),
);
console.log(`written to ${file}`);
