import { checkCallbackResult } from './callback-result.js';
import { EngineError, StepFailedError } from './errors.js';
import {
  type Activity,
  type Callbacks,
  DONE_KEY,
  type InteractionState,
  type JsonObject,
} from './types.js';

/** How a step runs its callbacks. */
export interface StepOptions {
  /** A callback that has not answered after this long refuses the step. */
  readonly callbackTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Runs the callback on `next` (which it may change in place) and applies the kb and context it returns. */
export async function runCallback(
  callbacks: Callbacks,
  activity: Activity,
  data: JsonObject,
  next: InteractionState,
  options: StepOptions,
) {
  const done = next.context[DONE_KEY];
  let value: unknown;
  try {
    const returned: unknown = callbacks[activity.id](data, next.kb, next.context);
    // Only a promise can be late: a callback that answered at once needs no timer (most turns).
    value = isThenable(returned)
      ? await withTimeout(Promise.resolve(returned), activity.id, options.callbackTimeoutMs)
      : returned;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    // The callback's own text is for the server log (its author), never for the end user.
    const message = error instanceof Error ? error.message : String(error);
    throw new StepFailedError(
      activity.id,
      `the callback of activity "${activity.id}" failed; nothing changed, and the server log says why`,
      { cause: error, detail: `the callback of activity "${activity.id}" threw: ${message}` },
    );
  }
  const result = checkCallbackResult(value, activity);
  if (result.kb !== undefined) next.kb = result.kb;
  if (result.context !== undefined) next.context = result.context as InteractionState['context'];
  // `_done_` is the engine's: callbacks read it, and cannot lose or corrupt it.
  next.context[DONE_KEY] = done;
  return result;
}

/** The callback's promise, refused once it has not settled within `timeoutMs` (one timer, no race). */
function withTimeout<T>(
  work: Promise<T>,
  activity: string,
  timeoutMs: number | undefined,
): Promise<T> {
  if (timeoutMs === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new StepFailedError(
            activity,
            `the callback of activity "${activity}" did not answer within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';
