import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { openStoreOn } from '../../src/persistence/open-store.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';

/** Rows in the first layout (one wide interaction row, the transcript beside it), as a database of then holds them. */
const OLD_ROWS = (json: (value: unknown) => string, at: (iso: string) => string) => [
  `INSERT INTO interactions (id, uid, process, process_version, status, current_activity, stack, done, context, kb,
     last_seq, created_at, updated_at)
   VALUES ('old-1', 'ann', 'counter', 'v1', 'active', 'count', ${json([])}, ${json({ a: 1 })},
     ${json({ _done_: [], counter: 2 })}, ${json({ colour: 'red' })}, 3, ${at('2026-01-01T10:00:00.000Z')},
     ${at('2026-01-01T10:05:00.000Z')})`,
  ...[1, 2, 3].map(
    (
      seq,
    ) => `INSERT INTO transcript (interaction_id, seq, message_id, input, reply, activity_before,
       activity_after, created_at)
     VALUES ('old-1', ${seq}, ${seq === 1 ? 'NULL' : `'m${seq}'`},
       ${seq === 1 ? 'NULL' : json({ type: 'utterance', utterance: `hi ${seq}` })},
       ${json({ utterance: `${seq - 1}`, payload: {}, seq, activity: 'count', status: 'active' })},
       ${seq === 1 ? 'NULL' : `'count'`}, 'count', ${at(`2026-01-01T10:0${seq}:00.000Z`)})`,
  ),
  `INSERT INTO user_knowledge (uid, process, knowledge, updated_at)
   VALUES ('ann', 'counter', ${json({ colour: 'blue' })}, ${at('2026-01-01T09:00:00.000Z')})`,
];

describe.each(testDatabases())('the schema on %s', (kind) => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  const open = async (options: Partial<DataSourceOptions> = {}) => {
    const base = dataSourceOptions(loadSettings(db.env));
    const source = await new DataSource({ ...base, ...options } as DataSourceOptions).initialize();
    sources.push(source);
    return source;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await db?.drop();
  });

  it('moves a database of the first layout to the turn log, its data kept, to exactly what the entities declare', async () => {
    // the first migration alone: a database as the previous version left it
    const base = dataSourceOptions(loadSettings(db.env));
    const first = await open({ migrations: (base.migrations as Function[]).slice(0, 1) });
    expect((await runMigrations(first)).length).toBe(1);
    const postgres = kind === 'postgres';
    const json = (value: unknown) =>
      `'${JSON.stringify(value).replace(/'/g, "''")}'${postgres ? '::jsonb' : ''}`;
    const at = (iso: string) => `'${iso}'${postgres ? '::timestamptz' : ''}`;
    for (const sql of OLD_ROWS(json, at)) await first.query(sql);
    await first.destroy();
    sources.splice(sources.indexOf(first), 1);

    const source = await open();
    expect(await runMigrations(source)).toEqual([
      'TurnLog1764600000000',
      'ProcessVersions1764700000000',
      'TurnAnalytics1764800000000',
      'AnalyticsRollup1764900000000',
      // (Postgres only: the rollup's queue)
      ...(postgres ? ['AnalyticsQueue1765000000000'] : []),
    ]);
    // TypeORM finds nothing to change between the entities and the migrated schema
    const pending = await source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    const store = openStoreOn(source, loadSettings(db.env));
    expect(await store.find('old-1')).toEqual({
      id: 'old-1',
      uid: 'ann',
      process: 'counter',
      processVersion: 'v1',
      status: 'active',
      lastSeq: 3,
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:05:00.000Z',
      state: {
        current: 'count',
        stack: [],
        done: { a: 1 },
        context: { _done_: [], counter: 2 },
        kb: { colour: 'red' },
      },
    });
    const transcript = await store.transcript('old-1', 0);
    expect(transcript.map((e) => [e.seq, e.messageId, e.activityAfter, e.createdAt])).toEqual([
      [1, null, 'count', '2026-01-01T10:01:00.000Z'],
      [2, 'm2', 'count', '2026-01-01T10:02:00.000Z'],
      [3, 'm3', 'count', '2026-01-01T10:03:00.000Z'],
    ]);
    expect(transcript[1].input).toEqual({ type: 'utterance', utterance: 'hi 2' });
    expect(await store.knowledge('ann', 'counter')).toEqual({ colour: 'blue' });
    // and it goes on: a repeated message id is known, a new turn follows the last
    expect(
      await store.turn({ id: 'old-1', uid: 'ann', messageId: 'm2' }, () => Promise.reject()),
    ).toMatchObject({ replayed: true, reply: { seq: 2 } });
    const next = await store.turn({ id: 'old-1', uid: 'ann', messageId: 'm4' }, async (i) => ({
      state: { ...i.state, context: { _done_: [], counter: 3 } },
      processVersion: 'v1',
      status: 'active',
      entry: {
        seq: i.lastSeq + 1,
        messageId: 'm4',
        input: { type: 'utterance', utterance: 'hi 4' },
        reply: { utterance: '3', payload: {}, seq: 4, activity: 'count', status: 'active' },
        activityBefore: 'count',
        activityAfter: 'count',
      },
    }));
    expect(next).toMatchObject({ replayed: false, reply: { seq: 4 } });
    expect((await store.find('old-1'))!.state.kb).toEqual({ colour: 'red' });
  });

  it('creates from nothing exactly what the entities declare', async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const source = await new DataSource(dataSourceOptions(loadSettings(fresh.env))).initialize();
      try {
        await runMigrations(source);
        expect((await source.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      } finally {
        await source.destroy();
      }
    } finally {
      await fresh.drop();
    }
  });
});
