import type { JsonObject } from '../types.js';

/**
 * Turns a user's text into the data that callbacks receive, so that text and page actions reach
 * a process in the same shape. Adapters may be remote (a Rasa server), so parsing is async and may
 * fail: an adapter throws NluError, saying whether a retry may succeed.
 */
export interface NluAdapter {
  /** The adapter's name in a process's NLU settings, e.g. "keys". */
  readonly kind: string;
  parse(text: string, options?: { signal?: AbortSignal }): Promise<JsonObject>;
}
