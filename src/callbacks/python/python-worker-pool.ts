import { Logger } from '@nestjs/common';
import { CallbackWorkerError, pythonExceptionError, pythonTimeoutError } from './python-errors.js';
import { PythonWorker, type WorkerReady, type WorkerRequest } from './python-worker.js';

export interface PoolOptions {
  readonly command: string;
  readonly file: string;
  readonly activities: readonly string[];
  /** At most this many workers; one more is started only while every one is busy. */
  readonly size: number;
  /** CALLBACK_TIMEOUT_MS: a worker that takes longer is killed (and replaced on demand). */
  readonly timeoutMs: number;
}

interface Queued {
  readonly request: WorkerRequest;
  readonly deadline: number;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The Python workers of one callbacks file. A worker runs one callback at a time; a dead one is dropped and
 * a new one started for the next call, so a crash costs the turn it happened in and nothing else.
 */
export class PythonWorkerPool {
  private readonly logger: Logger;
  private readonly idle: PythonWorker[] = [];
  private readonly all = new Set<PythonWorker>();
  private readonly queue: Queued[] = [];
  private starting = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.logger = new Logger(`Python ${options.file}`);
  }

  /** Starts the first worker: it imports the file and says what it exports. */
  async start(): Promise<WorkerReady> {
    const worker = this.spawn();
    const ready = await worker.ready;
    this.idle.push(worker);
    return ready;
  }

  /** Runs the callback of an activity; resolves to what it returned (the caller checks it). */
  call(request: WorkerRequest): Promise<unknown> {
    if (this.closed)
      return Promise.reject(new CallbackWorkerError(request.activity, 'is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, deadline: Date.now() + this.options.timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  /** The live workers' process ids (for tests and the log). */
  get pids(): number[] {
    return [...this.all].filter((w) => w.alive).map((w) => w.pid!);
  }

  /** Lets each worker finish what it is doing, then ends it; later calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0))
      queued.reject(new CallbackWorkerError(queued.request.activity, 'is shutting down'));
    const workers = [...this.all];
    for (const worker of workers) worker.close();
    const killer = setTimeout(() => workers.forEach((w) => w.kill()), this.options.timeoutMs);
    await Promise.all(workers.map((w) => w.exited()));
    clearTimeout(killer);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop();
      if (worker === undefined) {
        if (this.all.size + this.starting < this.options.size) void this.grow();
        return;
      }
      if (!worker.alive) continue;
      this.run(worker, this.queue.shift()!);
    }
  }

  private async grow(): Promise<void> {
    this.starting += 1;
    const worker = this.spawn();
    try {
      await worker.ready;
      this.idle.push(worker);
    } catch (error) {
      this.logger.error(`a new worker did not start: ${(error as Error).message}`);
      this.all.delete(worker);
      // Nothing can run: refuse the oldest call rather than leave it to time out.
      const queued = this.queue.shift();
      queued?.reject(new CallbackWorkerError(queued.request.activity, 'could not be started'));
    } finally {
      this.starting -= 1;
    }
    this.dispatch();
  }

  private spawn(): PythonWorker {
    const worker = new PythonWorker({
      command: this.options.command,
      file: this.options.file,
      activities: this.options.activities,
      onOutput: (line) => this.logger.log(line),
    });
    this.all.add(worker);
    void worker.exited().then(() => this.all.delete(worker));
    return worker;
  }

  private run(worker: PythonWorker, { request, deadline, resolve, reject }: Queued): void {
    const { activity } = request;
    const left = deadline - Date.now();
    if (left <= 0) {
      this.idle.push(worker);
      reject(pythonTimeoutError(activity, this.options.timeoutMs));
      return;
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.logger.warn(
        `the callback of activity "${activity}" did not answer within ${this.options.timeoutMs} ms: its worker is killed`,
      );
      worker.kill();
    }, left);
    worker.call(request).then(
      (answer) => {
        clearTimeout(timer);
        this.idle.push(worker);
        if ('error' in answer) {
          this.logger.error(
            `the callback of activity "${activity}" raised:\n${answer.error.trimEnd()}`,
          );
          reject(pythonExceptionError(activity));
        } else resolve(answer.result);
        this.dispatch();
      },
      (error: Error) => {
        clearTimeout(timer);
        if (timedOut) reject(pythonTimeoutError(activity, this.options.timeoutMs));
        else {
          this.logger.error(
            `the worker running the callback of activity "${activity}" ${error.message}; a new one takes over`,
          );
          reject(new CallbackWorkerError(activity, error.message));
        }
        this.dispatch();
      },
    );
  }
}
