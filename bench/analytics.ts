import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { analyticsStatement, POSTGRES } from '../src/admin/analytics/analytics.sql.js';
import { dataSourceOptions } from '../src/persistence/data-source-options.js';
import { rollUpQueued } from '../src/persistence/analytics-rollup.js';
import { runMigrations } from '../src/persistence/run-migrations.js';
import { loadSettings } from '../src/settings/settings.js';

/**
 * `npx tsx bench/analytics.ts`: the analytics query at 1,000,000 stored turns. Makes a scratch Postgres
 * database (dropped after), migrates it, preloads the turns with one bulk INSERT ... SELECT per table, then
 * times the query (the turns' insert fills the analytics' rollup as the server's does). Options: --postgres=<maintenance database URL> --turns=1000000 --per=10 (turns per
 * interaction) --runs=5.
 */
const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ADMIN_URL = option('postgres', 'postgres://postgres@127.0.0.1:5432/postgres');
const TURNS = Number(option('turns', '1000000'));
const PER = Number(option('per', '10'));
const RUNS = Number(option('runs', '5'));
const INTERACTIONS = Math.ceil(TURNS / PER);

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
const name = `mmcc_bench_analytics_${process.pid}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
try {
  const options = dataSourceOptions(
    loadSettings({ DATABASE_URL: url.toString(), DB_STATEMENT_TIMEOUT_MS: '0' }),
  );
  const source = await new DataSource(options as DataSourceOptions).initialize();
  await runMigrations(source);
  const base = Date.parse('2026-06-01T00:00:00.000Z');
  const at = (expression: string) =>
    `to_char(to_timestamp(${base / 1000} + ${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  let started = performance.now();
  // Every third interaction completes; the others stop at their last activity, long ago (abandoned).
  await source.query(`
    INSERT INTO interactions (id, uid, process, process_version, status, created_at, updated_at)
    SELECT lpad(n::text, 36, '0'), 'u' || (n % 5000), 'bench', 'v1',
      CASE WHEN n % 3 = 0 THEN 'completed' ELSE 'active' END, ${at('n * 20')}, ${at(`n * 20 + ${PER} * 10`)}
    FROM generate_series(1, ${INTERACTIONS}) AS n`);
  // Turn s reaches activity a<ceil(s/2)>: each activity refuses one input, then moves on.
  await source.query(`
    INSERT INTO turns (interaction_id, seq, message_id, input, reply, activity_before, activity_after,
      outcome, no_intent, state, kb, created_at)
    SELECT lpad(n::text, 36, '0'), s, NULL, '{"type":"utterance","utterance":"x"}', '{}',
      CASE WHEN s = 1 THEN NULL ELSE 'a' || ((s) / 2) END, 'a' || ((s + 1) / 2),
      CASE WHEN s = 1 THEN 'start' WHEN s % 2 = 0 THEN 'stayed' ELSE 'moved' END,
      CASE WHEN s % 4 = 0 THEN 1 END, '{}', NULL, ${at('n * 20 + s * 10 + (n % 7)')}
    FROM generate_series(1, ${INTERACTIONS}) AS n, generate_series(1, ${PER}) AS s`);
  // (the trigger queued them for the rollup: added as a server would)
  await rollUpQueued(source.manager, true);
  await source.query('VACUUM ANALYZE');
  const loaded = (await source.query('SELECT COUNT(*)::int AS n FROM turns'))[0].n as number;
  console.log(
    `preloaded ${loaded} turns of ${INTERACTIONS} interactions in ${Math.round(performance.now() - started)} ms`,
  );

  const { sql, values } = analyticsStatement(POSTGRES, {
    process: 'bench',
    fromDay: '',
    toDay: '9999',
    abandonedBefore: new Date().toISOString(),
  });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    started = performance.now();
    await source.query(sql, values);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const fmt = (ms: number) => `${Math.round(ms)} ms`;
  console.log(
    `analytics of 1 process over ${loaded} turns, ${RUNS} runs: min ${fmt(times[0])}, ` +
      `median ${fmt(times[Math.floor(RUNS / 2)])}, max ${fmt(times.at(-1)!)}`,
  );
  if (process.argv.includes('--explain')) {
    const plan = await source.query(`EXPLAIN (ANALYZE) ${sql}`, values);
    for (const row of plan) console.log(row['QUERY PLAN']);
  }
  await source.destroy();
} finally {
  if (process.argv.includes('--keep')) console.log(`kept the database ${name}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
