import { DataSource } from 'typeorm';
import { rebuildRollup, rollUpQueued } from '../../src/persistence/analytics-rollup.js';
import { ADMIN_TOKEN, knownHistory, shopConfig, sqlClocks } from '../support/console-history.js';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';
import { http } from '../support/test-app.js';

const config = shopConfig();
afterAll(() => config.remove());

/** Every figure of the known history (see knownHistory), per activity, as the JSON gives it. */
const ACTIVITIES = [
  {
    id: 'start',
    type: 'START',
    reached: 5,
    waiting: 0,
    movedOn: 5,
    abandoned: 0,
    completed: 0,
    medianMs: 0,
    p90Ms: 0,
    refused: 0,
    failed: 0,
    noIntent: 0,
  },
  {
    id: 'name',
    type: 'TASK',
    reached: 5,
    waiting: 1,
    movedOn: 3,
    abandoned: 1,
    completed: 0,
    medianMs: 30_000,
    p90Ms: 40_000,
    refused: 2,
    failed: 0,
    noIntent: 1,
  },
  {
    id: 'age',
    type: 'TASK',
    reached: 3,
    waiting: 0,
    movedOn: 2,
    abandoned: 1,
    completed: 0,
    medianMs: 30_000,
    p90Ms: 60_000,
    refused: 0,
    failed: 1,
    noIntent: 0,
  },
  {
    id: 'end',
    type: 'END',
    reached: 2,
    waiting: 0,
    movedOn: 0,
    abandoned: 0,
    completed: 2,
    medianMs: null,
    p90Ms: null,
    refused: 0,
    failed: 0,
    noIntent: 0,
  },
];

const TOTALS = {
  started: 5,
  completed: 2,
  abandoned: 2,
  waiting: 1,
  completionRate: 0.4,
  medianTimeToCompleteMs: 50_000,
};

describe.each(testDatabases())('process analytics on %s', (kind) => {
  const app = useTestApp(kind, { CONFIG_DIR: config.dir, ADMIN_TOKEN });
  const analytics = (query = '') =>
    http('GET', `${app.url}/admin/processes/shop/analytics${query}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  let version: string;
  let live: Rollup;
  let rebuilt: Rollup;

  beforeAll(async () => {
    const source = app.app.get(DataSource);
    // The history's old times are set after its turns: held back until the rollup the turns made as they
    // were written has been checked against one rebuilt from the log.
    const held: [string, unknown[]][] = [];
    const { clock, completed } = sqlClocks(async (sql, values) => {
      held.push([sql, values]);
    }, kind === 'postgres');
    await knownHistory(app.url, clock, completed);
    live = await rollup(source);
    await rebuildRollup(source);
    rebuilt = await rollup(source);
    for (const [sql, values] of held) await source.query(sql, values);
    await rebuildRollup(source);
    await until(
      'the failed step is recorded',
      async () => (await source.query('SELECT COUNT(*) AS n FROM step_failures'))[0].n > 0,
    );
    const list = await http('GET', `${app.url}/admin/processes`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    version = list.body.find((p: { name: string }) => p.name === 'shop').version;
  });

  it('keeps, as the turns are written, the rollup that the whole turn log rebuilds', () => {
    expect(live.counts.length).toBeGreaterThan(5);
    expect(live.progress).toHaveLength(5);
    expect(live).toEqual(rebuilt);
  });

  it('counts, for every activity and for the process, what the known history did', async () => {
    const response = await analytics();
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      process: 'shop',
      version: null,
      abandonedAfter: '30m',
      totals: TOTALS,
    });
    expect(response.body.activities).toEqual(ACTIVITIES);
  });

  it('gives the same figures as CSV', async () => {
    const response = await fetch(`${app.url}/admin/processes/shop/analytics?format=csv`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename=shop-analytics.csv',
    );
    expect((await response.text()).split('\r\n')).toEqual([
      'scope,activity,type,reached,waiting,moved_on,abandoned,completed,completion_rate,median_ms,p90_ms,refused,failed,no_intent',
      'process,shop,,5,1,,2,2,0.4,50000,,,,',
      'activity,start,START,5,0,5,0,0,,0,0,0,0,0',
      'activity,name,TASK,5,1,3,1,0,,30000,40000,2,0,1',
      'activity,age,TASK,3,0,2,1,0,,30000,60000,0,1,0',
      'activity,end,END,2,0,0,0,2,,,,0,0,0',
      '',
    ]);
  });

  it('filters by start date and by version', async () => {
    const recent = await analytics('?from=2026-11-02');
    expect(recent.body.totals).toEqual({
      started: 1,
      completed: 0,
      abandoned: 0,
      waiting: 1,
      completionRate: 0,
      medianTimeToCompleteMs: null,
    });
    expect(recent.body.activities.find((a: any) => a.id === 'name')).toMatchObject({
      reached: 1,
      waiting: 1,
    });
    const old = await analytics('?from=2026-11-01&to=2026-11-02');
    expect(old.body.totals).toMatchObject({ started: 4, completed: 2, abandoned: 2, waiting: 0 });
    expect((await analytics(`?version=${version}`)).body.totals).toEqual(TOTALS);
    const other = await analytics('?version=0000000000000000');
    expect(other.body.totals).toMatchObject({ started: 0, completionRate: null });
    expect(other.body.activities[1]).toMatchObject({ id: 'name', reached: 0 });
  });

  it('takes an erased user out of the figures, and leaves nothing once every user is erased', async () => {
    const source = app.app.get(DataSource);
    const erase = (uid: string) =>
      http('DELETE', `${app.url}/admin/users/${uid}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    expect((await erase('ann')).status).toBe(200);
    const afterErase = await rollup(source);
    await rebuildRollup(source);
    expect(afterErase).toEqual(await rollup(source));
    const response = await analytics();
    expect(response.body.totals).toMatchObject({ started: 4, completed: 1 });
    expect(response.body.activities.find((a: any) => a.id === 'name')).toMatchObject({
      reached: 4,
      refused: 1,
      noIntent: 1,
    });
    for (const uid of ['bob', 'cid', 'dan', 'eve']) expect((await erase(uid)).status).toBe(200);
    expect(await rollup(source)).toEqual({ counts: [], reached: [], progress: [] });
  });

  it('refuses a bad query with what to send instead, and an unknown process', async () => {
    const bad = await analytics('?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('"from" must be an ISO-8601 date or time, e.g. 2026-12-01');
    expect((await analytics('?format=xml')).body.message).toContain(
      '"format" must be "json" or "csv"',
    );
    const reversed = await analytics('?from=2026-11-02&to=2026-11-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toBe('"from" must be before "to"');
    const unknown = await http('GET', `${app.url}/admin/processes/nope/analytics`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(unknown.status).toBe(404);
    expect((await http('GET', `${app.url}/admin/processes/shop/analytics`)).status).toBe(401);
  });
});

interface Rollup {
  counts: unknown[];
  reached: unknown[];
  progress: unknown[];
}

/**
 * The rollup's three tables as a reader sees them (on Postgres, the queue added first), row by row in key
 * order (numbers as numbers).
 */
async function rollup(source: DataSource): Promise<Rollup> {
  await rollUpQueued(source.manager, true);
  const rows = async (sql: string) =>
    ((await source.query(sql)) as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, k === 'n' || k === 'value' ? Number(v) : v]),
      ),
    );
  return {
    counts: await rows(
      'SELECT * FROM analytics_counts ORDER BY process, version, day, activity, figure, value',
    ),
    reached: await rows('SELECT * FROM analytics_reached ORDER BY interaction_id, activity'),
    progress: await rows('SELECT * FROM analytics_progress ORDER BY interaction_id'),
  };
}
