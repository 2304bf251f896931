import { BadMessageError } from '../common/client-errors.js';
import { isPlainObject } from '../common/is-plain-object.js';
import { guardJson } from '../common/json-guard.js';
import type { Input } from '../engine/index.js';
import { checkMessage } from './message-check.js';

export interface ParsedMessage {
  readonly input: Input;
  readonly messageId: string | null;
}

/**
 * Checks a message (of any transport) against the message's schema, and its size.
 * `raw` is the decoded JSON; `bytes` is how large it was on the wire, or how to measure it once the
 * message is known to be safe to walk (JSON.stringify recurses).
 */
export function parseMessage(
  raw: unknown,
  bytes: number | (() => number),
  maxBytes: number,
  what = 'the message',
): ParsedMessage {
  const tooLarge = (size: number) =>
    new BadMessageError(`the message is ${size} bytes; the limit is ${maxBytes}`);
  if (typeof bytes === 'number' && bytes > maxBytes) throw tooLarge(bytes);
  guardJson(raw, what);
  if (typeof bytes === 'function') {
    const size = bytes();
    if (size > maxBytes) throw tooLarge(size);
  }
  if (!isPlainObject(raw)) {
    throw new BadMessageError(
      `${what} must be a JSON object, e.g. {"type": "utterance", "utterance": "hello"}`,
    );
  }
  const checked = checkMessage(raw);
  if ('problems' in checked)
    throw new BadMessageError(checked.problems.map((p) => p.message).join('; '));
  return checked;
}
