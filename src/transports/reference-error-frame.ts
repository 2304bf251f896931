import type { ClientError } from '../common/client-errors.js';
import { utteranceOf } from '../common/error-utterances.js';
import type { JsonObject } from '../engine/index.js';

/**
 * An error on the original's protocol (its WebSocket and REST endpoints): what a reply carries, so that its pages
 * survive it (an `utterance` to show, and the `payload` of the interaction's last reply, so the page stays as it
 * was), beside our `error` (for developers), `code`, `retryable` and `retryAfter`.
 */
export function referenceErrorFrame(
  { message, code, retryable, retryAfterSeconds }: ClientError,
  payload: JsonObject,
): object {
  return {
    utterance: utteranceOf(code),
    payload,
    error: message,
    code,
    retryable,
    ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }),
  };
}
