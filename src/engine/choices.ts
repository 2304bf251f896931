import { withKeys } from './with-keys.js';
import type { Callback, CallbackResult, Context, JsonObject } from './types.js';

/**
 * A button the page offers: its `label` is shown, its `data` is sent as the user's input when clicked (the
 * playground, rasa-webchat's quick replies and Web Chat's suggested actions all read `payload.buttons`).
 */
export interface Button {
  label: string;
  data: JsonObject;
}

export const button = (label: string, data: JsonObject): Button => ({ label, data });

/** A payload in the convention the playground and the widgets understand: what to `show`, and the buttons. */
export const page = (show: string | undefined, buttons: readonly Button[]): JsonObject =>
  show === undefined ? { buttons: [...buttons] } : { show, buttons: [...buttons] };

/**
 * Keeps a question's choices on offer while it stands: when the callback refuses the input (`complete: false`)
 * without a payload of its own, the reply carries `choices` again, so the buttons do not vanish after a wrong
 * answer or small talk. The reply that asks the question first gives the same choices (or calls the same function).
 *
 *     name_nickname: keepChoices(nameButtons, (data, kb) => ...)
 */
export function keepChoices(
  choices: JsonObject | ((kb: JsonObject, context: Context) => JsonObject),
  callback: Callback,
): Callback {
  return (data, kb, context) => {
    const offer = (result: CallbackResult): CallbackResult =>
      result.complete || result.payload !== undefined
        ? result
        : withKeys(result, {
            payload: typeof choices === 'function' ? choices(kb, context) : choices,
          });
    const result = callback(data, kb, context);
    return result instanceof Promise ? result.then(offer) : offer(result);
  };
}
