import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pythonVersion } from '../../src/callbacks/python/python-callbacks.js';
import { until } from './network.js';
import { tempConfig } from './temp-config.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Whether python3 runs here; with CI=true it must (the Python-callback tests are then never skipped). */
export function pythonAvailable(): boolean {
  const available = pythonVersion('python3') !== undefined;
  if (!available && process.env.CI === 'true')
    throw new Error(
      'python3 is required with CI=true (the Python-callback tests need it): install python3',
    );
  return available;
}

/** A config folder with the python-store example and the pyfaulty fixture, copied as they are. */
export function pythonConfig(extra: Record<string, unknown> = {}) {
  const config = tempConfig(extra);
  cpSync(join(ROOT, 'examples/python-store'), join(config.dir, 'python-store'), {
    recursive: true,
  });
  cpSync(join(ROOT, 'test/fixtures/python/pyfaulty'), join(config.dir, 'pyfaulty'), {
    recursive: true,
  });
  return config;
}

/** The pid a pyfaulty "die" turn writes before it sleeps: the worker to kill mid-turn. */
export async function workerPid(pidfile: string): Promise<number> {
  await until(
    'the callback to write its pid',
    () => Promise.resolve(existsSync(pidfile) && readFileSync(pidfile, 'utf8') !== ''),
    10_000,
  );
  const pid = Number(readFileSync(pidfile, 'utf8'));
  rmSync(pidfile);
  return pid;
}
