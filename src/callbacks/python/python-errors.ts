import { EngineError, StepFailedError } from '../../engine/index.js';

/**
 * The Python worker died during the turn (killed, out of memory, `sys.exit` in a callback): the turn is
 * refused, the interaction stays as it was, and a new worker serves the next try.
 */
export class CallbackWorkerError extends EngineError {
  readonly code = 'STEP_FAILED';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 1;
  constructor(
    readonly activity: string,
    why: string,
  ) {
    super(`the Python worker running the callback of activity "${activity}" ${why}; try again`);
  }
}

/** A Python callback raised: its traceback is in the server log, never in what the client is told. */
export const pythonExceptionError = (activity: string): StepFailedError =>
  new StepFailedError(
    activity,
    `the callback of activity "${activity}" raised a Python exception (its traceback is in the server log)`,
  );

/** A Python callback that did not answer in time (its worker is replaced). */
export const pythonTimeoutError = (activity: string, timeoutMs: number): StepFailedError =>
  new StepFailedError(
    activity,
    `the callback of activity "${activity}" did not answer within ${timeoutMs} ms`,
  );
