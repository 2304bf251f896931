import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import {
  type Callbacks,
  type ConfigProblem,
  type Context,
  type JsonObject,
  ProcessConfigError,
  type ProcessDefinition,
} from '../../engine/index.js';
import { PythonWorkerPool } from './python-worker-pool.js';
import { WorkerStartError, type WorkerReady } from './python-worker.js';

export interface PythonOptions {
  /** The Python to run (PYTHON; python3 on the PATH by default). */
  readonly command: string;
  /** PYTHON_WORKERS: at most this many workers per callbacks file. */
  readonly workers: number;
  /** CALLBACK_TIMEOUT_MS. */
  readonly timeoutMs: number;
}

export const DEFAULT_PYTHON: PythonOptions = { command: 'python3', workers: 2, timeoutMs: 10_000 };

export interface PythonCallbacks {
  readonly callbacks: Callbacks;
  readonly ready: WorkerReady;
  readonly pool: PythonWorkerPool;
}

/**
 * Runs a callbacks file of the original project (my_callbacks.py) as it is: starts its first worker, checks
 * that `get_callback` gives a callback for every activity that is not an END, and returns one callback per
 * activity that asks the workers. `file` is shown in messages; `path` is where it is.
 */
export async function loadPythonCallbacks(
  definition: ProcessDefinition,
  file: string,
  path: string,
  options: PythonOptions,
): Promise<PythonCallbacks> {
  const fail = (problems: ConfigProblem[]): never => {
    throw new ProcessConfigError(problems);
  };
  const version = pythonVersion(options.command);
  if (version === undefined) {
    fail([
      {
        file,
        problem: `the callbacks are Python, and "${options.command}" does not run here`,
        fix: `install Python 3 (e.g. apt-get install python3), or set PYTHON to its path; or port ${basename(file)} to callbacks.ts (see docs/coming-from-the-original.md)`,
      },
    ]);
  }
  const ids = [...definition.activities.values()].filter((a) => a.type !== 'END').map((a) => a.id);
  const pool = new PythonWorkerPool({
    command: options.command,
    file: path,
    activities: ids,
    size: options.workers,
    timeoutMs: options.timeoutMs,
  });
  let ready: WorkerReady;
  try {
    ready = await pool.start();
  } catch (error) {
    await pool.close();
    const why = error instanceof WorkerStartError ? error.message : String(error);
    return fail([
      {
        file,
        problem: `the callbacks could not be loaded (${lastLines(why)})`,
        fix: `correct the error in the file (run "${options.command} ${basename(file)}" in its folder to see it)`,
      },
    ]);
  }
  const problems: ConfigProblem[] = ready.getCallback
    ? ready.missing.map((activity) => ({
        file,
        activity,
        problem: `get_callback("${activity}") gives no callback`,
        fix: `add "${activity}": my_function to the table that get_callback reads`,
      }))
    : [
        {
          file,
          problem: 'the file defines no get_callback(activity_id)',
          fix: 'add def get_callback(activity_id): return _my_callbacks[activity_id]',
        },
      ];
  if (problems.length > 0) {
    await pool.close();
    fail(problems);
  }
  const callbacks: Callbacks = Object.fromEntries(
    ids.map((activity) => [
      activity,
      (data: JsonObject, kb: JsonObject, context: Context) =>
        pool.call({ activity, data, kb, context }) as never,
    ]),
  );
  return { callbacks, ready, pool };
}

/** "Python 3.11.2", or undefined when the command does not run. */
export function pythonVersion(command: string): string | undefined {
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (run.status !== 0) return undefined;
  const version = `${run.stdout}${run.stderr}`.trim();
  return version.startsWith('Python 3.') ? version : undefined;
}

/** The end of a traceback: where in the author's file, and the exception. */
function lastLines(traceback: string): string {
  const lines = traceback.trim().split('\n');
  const where = lines
    .filter((l) => /^\s*File "/.test(l))
    .at(-1)
    ?.trim();
  const what = lines.at(-1)?.trim() ?? traceback;
  return where === undefined ? what : `${what}; ${where}`;
}
