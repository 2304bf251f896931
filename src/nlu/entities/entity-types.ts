/** The entity types an author can declare in `nlu.json` under `"entities"`, e.g. `{"party_size": "number"}`. */
export const ENTITY_TYPES = ['datetime', 'number', 'email', 'phone', 'yes_no'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const isEntityType = (value: unknown): value is EntityType =>
  typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);

/** A value found in a text: normalised, with the text it was found in and that text's span. */
export interface FoundValue {
  readonly value: string | number | boolean;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** What a recogniser needs besides the text. */
export interface RecogniserContext {
  /** The instant "today" and "in an hour" are counted from. */
  readonly now: Date;
  /** The IANA time zone dates are read and written in, e.g. "Europe/Berlin". */
  readonly timeZone: string;
  /** The ISO 3166 country of phone numbers written without a country code, e.g. "US"; none: only +numbers. */
  readonly country: string | undefined;
}

export type Recogniser = (text: string, context: RecogniserContext) => FoundValue[];
