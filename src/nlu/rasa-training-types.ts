/** An entity annotated in a training example: `[text](entity)`, `[text](entity:value)` or `[text]{"entity": ..., "value": ...}`. */
export interface AnnotatedEntity {
  readonly entity: string;
  /** The canonical value (the annotation's value, or the synonym's, or the text). */
  readonly value: string;
  readonly text: string;
  readonly start: number;
}

export interface TrainingExample {
  readonly text: string;
  readonly entities: readonly AnnotatedEntity[];
}

/** Rasa NLU training data (an nlu.yml's `nlu:` section, or an nlu.md): intents with examples, synonyms, lookup tables, regexes. */
export interface TrainingData {
  readonly intents: ReadonlyMap<string, readonly TrainingExample[]>;
  /** A surface form (lower case) → its canonical value. */
  readonly synonyms: ReadonlyMap<string, string>;
  /** An entity → the values of its lookup table. */
  readonly lookups: ReadonlyMap<string, readonly string[]>;
  /** A regex's name (an entity's, for the built-in NLU) → its patterns. */
  readonly regexes?: ReadonlyMap<string, readonly string[]>;
  /** What was read although it is not written as Rasa documents it (for the boot log). */
  readonly notes?: readonly string[];
}

/** The items of a training data file as written, before the examples are parsed. */
export interface RawTrainingData {
  readonly items: {
    readonly kind: 'intent' | 'synonym' | 'regex' | 'lookup';
    readonly name: string;
    readonly line: number;
    readonly examples: { readonly text: string; readonly line: number }[];
  }[];
  readonly warnings: string[];
}

/** Refuses the file: what is wrong, the fix, and the line when known. */
export type TrainingDataFail = (problem: string, fix: string, line?: number) => never;
