import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { http, startTestApp } from '../support/test-app.js';
import { DataSource } from 'typeorm';

describe.each(testDatabases())('GET /health on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('reports the database up and the loaded processes, then down (503) once the database is gone', async () => {
    const app = await startTestApp(db.env);
    try {
      const up = await http('GET', `${app.url}/health`);
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({
        status: 'ok',
        info: {
          database: { status: 'up' },
          processes: {
            status: 'up',
            loaded: ['name_nickname', 'name_nickname_bpmn', 'quickstart', 'store', 'table_booking'],
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
