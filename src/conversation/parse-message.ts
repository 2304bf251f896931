import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BadMessageError } from '../common/client-errors.js';
import { guardJson } from '../common/json-guard.js';
import type { Input } from '../engine/index.js';
import { MessageDto, toInput } from '../interactions/dto/message.dto.js';

export interface ParsedMessage {
  readonly input: Input;
  readonly messageId: string | null;
}

/**
 * Checks a message that arrived on a socket against the same DTO as the REST API, and its size.
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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BadMessageError(
      `${what} must be a JSON object, e.g. {"type": "utterance", "utterance": "hello"}`,
    );
  }
  const message = plainToInstance(MessageDto, raw);
  // Synchronous: MessageDto has no async constraints, and this runs for every message.
  const errors = validateSync(message, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    const problems = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) =>
        m.startsWith(`property ${e.property} should not exist`)
          ? `unknown field "${e.property}"; remove it`
          : m,
      ),
    );
    throw new BadMessageError(problems.join('; '));
  }
  return { input: toInput(message), messageId: message.id ?? null };
}
