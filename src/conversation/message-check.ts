import { compileInput, type InputProblem } from '../common/input-schema.js';
import type { Input, JsonObject } from '../engine/index.js';
import { MESSAGE_SCHEMA } from '../interactions/dto/message.schema.js';

/** The message's schema compiled once into a function (this runs for every message). */
const check = compileInput(MESSAGE_SCHEMA);

/** The message as input and id, or every problem with it, one per field, in a stable order. */
export function checkMessage(
  raw: object,
): { input: Input; messageId: string | null } | { problems: InputProblem[] } {
  const checked = check(raw);
  if ('problems' in checked) return checked;
  const message = checked.value;
  const input: Input =
    message.type === 'utterance'
      ? { type: 'utterance', utterance: message.utterance as string }
      : { type: 'data', payload: message.payload as JsonObject };
  return { input, messageId: message.id ?? null };
}
