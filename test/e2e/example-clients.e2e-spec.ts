import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

describe('the example clients (npm run example:*)', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'quickstart' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const FINAL = 'Framework says: Bob\\nProcess completed!';
  it.each([
    ['socketio', FINAL],
    ['ws', FINAL],
    ['ws-no-uid', FINAL],
    ['rest', FINAL],
    ['rest-seed', FINAL],
    ['socketio-resume', 'Nickname, Robin 28\nProcess completed!\n< resumed: true, at end'],
  ])('example:%s completes its conversation', async (name, expected) => {
    const { stdout } = await run('npm', ['run', '--silent', `example:${name}`], {
      cwd: ROOT,
      env: { ...process.env, MMCC_URL: app.url },
      timeout: 30_000,
    });
    expect(stdout).toContain(expected);
  });
});
