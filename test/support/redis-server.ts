import { freePort } from './network.js';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

/** Whether a redis-server binary can be started here. */
export const hasRedisServer = (): boolean =>
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface RedisServer {
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/**
 * A private, throwaway redis-server on a free port, for one test file: stopping it never disturbs the
 * machine's shared Redis. It keeps nothing on disk.
 */
export async function startRedisServer(timeoutMs = 10_000): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start in time:\n${output}`)),
        timeoutMs,
      );
      started.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with code ${code}:\n${output}`));
      });
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

/** Why a test of several servers on one Postgres and one Redis cannot run here ('' when it can; CI must). */
export function severalServersSkipped(postgres: boolean): string {
  if (!postgres) return 'no PostgreSQL reachable';
  if (!hasRedisServer() && process.env.CI !== 'true') return 'no redis-server binary';
  return '';
}

/** Whether the server's /health says its link to Redis is (or is not) up. */
export async function redisConnected(url: string, connected: boolean): Promise<boolean> {
  const health = await fetch(`${url}/health`).catch(() => undefined);
  if (health?.status !== 200) return false;
  const body = (await health.json()) as { info: { redis?: { connected: boolean } } };
  return body.info.redis?.connected === connected;
}
