import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { dirname } from 'node:path';
import { isPlainObject } from '../../common/is-plain-object.js';

/** The folder holding our `mmcc_framework` Python package (the same from src/ and from dist/). */
export const PYTHON_PATH = fileURLToPath(new URL('../../../python', import.meta.url));

/** What a worker says once it has imported the callbacks file. */
export interface WorkerReady {
  readonly getCallback: boolean;
  /** The activities for which get_callback raised or gave something that is not callable. */
  readonly missing: readonly string[];
  /** What `nluAdapter` is, e.g. {kind: "keys", keys: [...]}, {kind: "rasa", url}; null when not exported. */
  readonly nlu: { kind: string; [key: string]: unknown } | null;
}

export interface WorkerRequest {
  readonly activity: string;
  readonly data: unknown;
  readonly kb: unknown;
  readonly context: unknown;
}

export type WorkerAnswer = { result: unknown } | { error: string };

export interface WorkerOptions {
  readonly command: string;
  readonly file: string;
  readonly activities: readonly string[];
  /** A line the callbacks printed (their stderr). */
  readonly onOutput: (line: string) => void;
}

/** The worker could not be started or did not get as far as importing the file. */
export class WorkerStartError extends Error {}

/**
 * One `python3 -m mmcc_framework.worker` process, one request at a time (the pool sees to it): JSON lines
 * over stdio. When it exits, whatever it was doing is rejected, and it is of no further use.
 */
export class PythonWorker {
  private readonly child: ChildProcess;
  private pending: { resolve: (a: WorkerAnswer) => void; reject: (e: Error) => void } | undefined;
  private nextId = 1;
  private exitReason: string | undefined;
  readonly ready: Promise<WorkerReady>;

  constructor(private readonly options: WorkerOptions) {
    this.child = spawn(
      options.command,
      ['-u', '-m', 'mmcc_framework.worker', options.file, JSON.stringify(options.activities)],
      {
        cwd: dirname(options.file),
        env: { ...process.env, PYTHONPATH: PYTHON_PATH, PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    createInterface({ input: this.child.stderr! }).on('line', options.onOutput);
    const lines = createInterface({ input: this.child.stdout! });
    this.ready = new Promise<WorkerReady>((resolve, reject) => {
      let started = false;
      lines.on('line', (line) => {
        const message = parseLine(line);
        if (!started) {
          started = true;
          if (message?.ready !== undefined) resolve(message.ready as WorkerReady);
          else
            reject(
              new WorkerStartError(
                typeof message?.failed === 'string' ? message.failed : `it said: ${line}`,
              ),
            );
          return;
        }
        const pending = this.pending;
        this.pending = undefined;
        this.hold(false);
        if (message === undefined || pending === undefined) return;
        pending.resolve(
          typeof message.error === 'string' ? { error: message.error } : { result: message.result },
        );
      });
      this.child.on('error', (error) => {
        this.exitReason = `could not be started (${error.message})`;
        reject(new WorkerStartError(this.exitReason));
      });
      this.child.on('exit', (code, signal) => {
        this.exitReason ??= signal === null ? `exited with code ${code}` : `was killed (${signal})`;
        if (!started) reject(new WorkerStartError(`the worker ${this.exitReason}`));
        this.pending?.reject(new Error(this.exitReason));
        this.pending = undefined;
      });
    });
    // An idle worker does not keep Node running (a CLI that loaded a Python process may exit without
    // closing it; the worker then ends with its stdin); one that is starting or working does.
    this.ready.then(
      () => this.hold(false),
      () => undefined,
    );
    this.child.stdin!.on('error', () => undefined);
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Runs one callback; rejects with the reason if the worker dies before it answers. */
  call(request: WorkerRequest): Promise<WorkerAnswer> {
    if (!this.alive) return Promise.reject(new Error(this.exitReason));
    return new Promise<WorkerAnswer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.hold(true);
      this.child.stdin!.write(`${JSON.stringify({ id: this.nextId++, ...request })}\n`);
    });
  }

  private hold(on: boolean): void {
    for (const handle of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      const h = handle as unknown as { ref?: () => void; unref?: () => void } | null;
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  /** Ends the worker once it has answered what it is doing (its stdin closes). */
  close(): void {
    this.child.stdin!.end();
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Resolves when the process has exited. */
  exited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
