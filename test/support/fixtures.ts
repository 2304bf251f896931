import type { INestApplication } from '@nestjs/common';
import { closeAllWs, connectIo, type IoClient } from './clients.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { startTestApp, type TestApp } from './test-app.js';

/** What a file-scoped fixture gives its tests once `beforeAll` has run. */
export interface AppFixture {
  readonly url: string;
  readonly app: INestApplication;
  readonly db: TestDatabase;
}

/**
 * The whole application on a fresh database of `kind`, for the tests of the enclosing `describe` (or file):
 * started before them with these settings, closed and dropped after them. Socket clients that the tests open
 * with `connect` are closed after each test.
 */
export function useTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): AppFixture & {
  connect(auth?: Record<string, unknown>, query?: Record<string, string>): IoClient;
} {
  let db: TestDatabase | undefined;
  let started: TestApp | undefined;
  const clients: IoClient[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    started = await startTestApp({ ...db.env, ...env });
  });
  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
    closeAllWs();
  });
  afterAll(async () => {
    await started?.close();
    await db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the test app is not started yet (use it inside a test)');
    return value;
  };
  return {
    get url() {
      return ready(started).url;
    },
    get app() {
      return ready(started).app;
    },
    get db() {
      return ready(db);
    },
    connect(auth = {}, query) {
      const client = connectIo(ready(started).url, auth, query);
      clients.push(client);
      return client;
    },
  };
}
