import type { JsonObject } from './types.js';

/** What an NLU understood of a text, in detail (what the admin parse endpoint shows an author). */
export interface NluExplanation {
  /** The intent, or "" when no intent matched well enough (the reference's "no intent"). */
  intent: string;
  /** How sure the NLU is of the intent, 0 to 1 (null when the adapter does not say). */
  confidence: number | null;
  /** How much the text resembles the intent's closest training example, 0 to 1 (the built-in NLU's out-of-scope check). */
  similarity?: number;
  /**
   * Each value found; `start` and `end` are its span in the text (like Rasa's), when the adapter knows it. A typed
   * entity (declared in nlu.json's "entities") has a normalised value (a number, a boolean, an ISO 8601 date-time,
   * an E.164 phone number) and the `text` it was read from.
   */
  entities: NluEntity[];
}

export interface NluEntity {
  entity: string;
  value: string | number | boolean;
  text?: string;
  start?: number;
  end?: number;
}

/** What a parse may know besides the text. */
export interface ParseOptions {
  signal?: AbortSignal;
  /** The user's IANA time zone (the interaction's `timeZone` in its context or kb), for dates. */
  timeZone?: string;
}

/**
 * Turns a user's text into the data that callbacks receive, so that text and page actions reach
 * a process in the same shape. Adapters may be remote (a Rasa server), so parsing is async and may
 * fail: an adapter throws NluError, saying whether a retry may succeed.
 */
export interface NluAdapter {
  /** The adapter's name in a process's NLU settings, e.g. "keys". */
  readonly kind: string;
  parse(text: string, options?: ParseOptions): Promise<JsonObject>;
  explain(text: string): Promise<NluExplanation>;
}

/** The data of an explanation, as the reference's Rasa adapter gave it: {intent, <entity>: <value>, ...}, plus `entities`. */
export const explanationToData = ({ intent, entities }: NluExplanation): JsonObject => {
  // The first value of each entity under its name, as the reference did; every value in `entities`.
  const data: JsonObject = { intent, entities };
  for (const { entity, value } of entities) if (!Object.hasOwn(data, entity)) data[entity] = value;
  return data;
};
