import { execFileSync } from 'node:child_process';

/** Builds dist/ once, for the tests that start the real server as a child process. */
export default function setup(): void {
  execFileSync('npx', ['nest', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
}
