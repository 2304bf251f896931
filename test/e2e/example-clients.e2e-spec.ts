import { useTestApp } from '../support/fixtures.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

describe('the example clients (npm run example:*)', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart' });

  const FINAL = 'Framework says: Bob\\nProcess completed!';
  it.each([
    ['socketio', FINAL],
    ['ws', FINAL],
    ['ws-no-uid', FINAL],
    ['rest', FINAL],
    ['rest-reference', FINAL],
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
