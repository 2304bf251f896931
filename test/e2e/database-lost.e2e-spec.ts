import Database from 'better-sqlite3';
import { inject } from 'vitest';
import {
  createTestDatabase,
  type DatabaseKind,
  type TestDatabase,
  testDatabases,
  withClient,
} from '../support/databases.js';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { loadSettings } from '../../src/settings/settings.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

const unavailable = {
  status: 503,
  body: { code: 'DATABASE_UNAVAILABLE', retryable: true, message: expect.any(String) },
};

/** Runs SQL on the test's database from outside the server, as an operator (or an accident) would. */
async function sql(db: TestDatabase, statement: string): Promise<void> {
  if (db.kind === 'postgres') {
    await withClient(db.env.DATABASE_URL, (c) => c.query(statement));
    return;
  }
  const file = new Database(db.env.SQLITE_PATH);
  try {
    file.exec(statement);
  } finally {
    file.close();
  }
}

describe.each(testDatabases())('a database that lost its schema, on %s', (kind) => {
  let db: TestDatabase;
  let app: TestApp;
  beforeEach(async () => {
    db = await createTestDatabase(kind);
    app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'quickstart' });
  });
  afterEach(async () => {
    await app?.close().catch(() => undefined);
    await db?.drop();
  });

  const start = (uid: string) => http('POST', `${app.url}/interactions`, { uid, body: {} });
  const say = (id: string, uid: string) =>
    http('POST', `${app.url}/interactions/${id}/messages`, {
      uid,
      body: { type: 'utterance', utterance: 'hello' },
    });

  it('answers turns with the retryable 503 DATABASE_UNAVAILABLE and /health with 503 once a table is dropped', async () => {
    const { interaction } = (await start('ann')).body;
    expect((await say(interaction, 'ann')).status).toBe(200);
    expect((await http('GET', `${app.url}/health`)).status).toBe(200);

    await sql(db, kind === 'postgres' ? 'DROP TABLE turns CASCADE' : 'DROP TABLE turns');

    expect(await say(interaction, 'ann')).toMatchObject(unavailable);
    expect(await start('bob')).toMatchObject(unavailable);
    expect(
      await http('GET', `${app.url}/interactions/${interaction}`, { uid: 'ann' }),
    ).toMatchObject(unavailable);
    const health = await http('GET', `${app.url}/health`);
    expect(health).toMatchObject({
      status: 503,
      body: { status: 'error', error: { database: { status: 'down' } } },
    });
    expect(health.body.error.database.message).toMatch(/schema is missing.*db:migrate/);
  });

  it('reports /health down when the latest migration is not recorded, though SELECT 1 would pass', async () => {
    const latest = [...migrationNames(kind)].sort((a, b) => timestamp(a) - timestamp(b)).at(-1)!;
    await sql(db, `DELETE FROM migrations WHERE name = '${latest}'`);
    const health = await http('GET', `${app.url}/health`);
    expect(health.status).toBe(503);
    expect(health.body.error.database.message).toContain(`${latest} is not applied`);
  });
});

describe.skipIf(inject('postgresAdminUrl') === null)('a Postgres database that was dropped', () => {
  it('answers turns with the retryable 503 DATABASE_UNAVAILABLE (SQLSTATE 3D000), not 500', async () => {
    const db = await createTestDatabase('postgres');
    const app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'quickstart' });
    try {
      const { interaction } = (
        await http('POST', `${app.url}/interactions`, { uid: 'cy', body: {} })
      ).body;
      await db.drop();
      const turn = await http('POST', `${app.url}/interactions/${interaction}/messages`, {
        uid: 'cy',
        body: { type: 'utterance', utterance: 'hello' },
      });
      expect(turn).toMatchObject(unavailable);
      expect((await http('GET', `${app.url}/health`)).status).toBe(503);
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});

/** The migrations the server runs on this kind of database, by name. */
function migrationNames(kind: DatabaseKind): string[] {
  const url = kind === 'postgres' ? 'postgres://any@127.0.0.1/any' : undefined;
  const options = dataSourceOptions({ ...loadSettings({}), DATABASE_URL: url });
  return (options.migrations as { name: string }[]).map((m) => m.name);
}

const timestamp = (name: string) => Number(/(\d{13})$/.exec(name)?.[1] ?? 0);
