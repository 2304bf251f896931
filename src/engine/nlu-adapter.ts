import type { JsonObject } from './types.js';

/** What an NLU understood of a text, in detail (what the admin parse endpoint shows an author). */
export interface NluExplanation {
  /** The intent, or "" when no intent matched well enough (the reference's "no intent"). */
  intent: string;
  /** How sure the NLU is of the intent, 0 to 1 (null when the adapter does not say). */
  confidence: number | null;
  /** Each value found; `start` and `end` are its span in the text (like Rasa's), when the adapter knows it. */
  entities: { entity: string; value: string; start?: number; end?: number }[];
}

/**
 * Turns a user's text into the data that callbacks receive, so that text and page actions reach
 * a process in the same shape. Adapters may be remote (a Rasa server), so parsing is async and may
 * fail: an adapter throws NluError, saying whether a retry may succeed.
 */
export interface NluAdapter {
  /** The adapter's name in a process's NLU settings, e.g. "keys". */
  readonly kind: string;
  parse(text: string, options?: { signal?: AbortSignal }): Promise<JsonObject>;
  explain(text: string): Promise<NluExplanation>;
}

/** The data of an explanation, as the reference's Rasa adapter gave it: {intent, <entity>: <value>, ...}, plus `entities`. */
export const explanationToData = ({ intent, entities }: NluExplanation): JsonObject => {
  // The first value of each entity under its name, as the reference did; every value in `entities`.
  const data: JsonObject = { intent, entities };
  for (const { entity, value } of entities) if (!Object.hasOwn(data, entity)) data[entity] = value;
  return data;
};
