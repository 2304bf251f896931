import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Sends a signal and waits for the exit; resolves to the exit code (or the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts the built server (dist/main.js) as a real child process, on a free port. */
export function startServer(
  env: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  // Never the project's own ./data: a throwaway SQLite file unless the test names a database.
  const database =
    (env.DATABASE_URL ?? env.SQLITE_PATH)
      ? {}
      : { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'mmcc-server-')), 'db.sqlite') };
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', ...database, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a server behind: one that did not say it listens may still be running.
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in time:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          output: () => output,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            const [code, killedBy] = (await exited) as [number | null, string | null];
            return code ?? killedBy ?? 'unknown';
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`the server exited with code ${code}:\n${output}`), {
          code,
          output,
        }),
      );
    });
  });
}

/** Starts the server expecting it to refuse to boot; resolves to its exit code and output. */
export async function failToStart(
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  let server: ServerProcess;
  try {
    server = await startServer(env);
  } catch (error) {
    return error as { code: number; output: string };
  }
  await server.stop();
  throw new Error(`the server started:\n${server.output()}`);
}
