import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { FIXTURES_CONFIG, http, startTestApp } from '../support/test-app.js';
import { DataSource } from 'typeorm';

describe.each(testDatabases())('GET /health on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('reports the database up and the loaded processes, then down (503) once the database is gone', async () => {
    // The test's own processes: the user's config/ may hold any others.
    const app = await startTestApp({
      ...db.env,
      CONFIG_DIR: FIXTURES_CONFIG,
      DEFAULT_PROCESS: 'counter',
    });
    try {
      const up = await http('GET', `${app.url}/health`);
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({
        status: 'ok',
        info: {
          database: { status: 'up' },
          processes: {
            status: 'up',
            loaded: ['counter', 'faulty', 'remember', 'slow'],
          },
        },
      });
      await app.app.get(DataSource).destroy();
      const down = await http('GET', `${app.url}/health`);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
      expect(JSON.stringify(down.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
