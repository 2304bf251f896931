import { ProcessConfigError } from '../engine/index.js';
import { parseExample } from './rasa-examples.js';
import { readMarkdownNlu } from './rasa-markdown-data.js';
import { readYamlNlu } from './rasa-yaml-data.js';

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

/**
 * Parses Rasa NLU training data: YAML of Rasa 2.x / 3.x (nlu.yml) or Markdown of Rasa 1.x / 2.x (nlu.md, by its
 * extension or its `## intent:` headers). Every problem names the file, the line and the fix.
 */
export function parseRasaNlu(source: string, file: string): TrainingData {
  const fail: TrainingDataFail = (problem, fix, line) => {
    throw new ProcessConfigError([
      { file: line === undefined ? file : `${file}:${line}`, problem, fix },
    ]);
  };
  if (/\.json$/i.test(file) || /^\s*\{\s*"rasa_nlu_data"/.test(source))
    fail(
      "the training data is in Rasa 1.x's JSON format, which is not read here",
      'convert it with "rasa data convert nlu -f yaml --data nlu.json --out nlu.yml"',
    );
  const markdown = /\.md$/i.test(file) || /^##\s*(intent|synonym|regex|lookup)\s*:/m.test(source);
  const raw = markdown ? readMarkdownNlu(source, file, fail) : readYamlNlu(source, file, fail);

  const synonyms = new Map<string, string>();
  const lookups = new Map<string, string[]>();
  const regexes = new Map<string, string[]>();
  for (const item of raw.items) {
    const values = item.examples.map((e) => e.text);
    if (item.kind === 'synonym')
      for (const surface of values) synonyms.set(surface.toLowerCase(), item.name);
    if (item.kind === 'lookup')
      lookups.set(item.name, [...(lookups.get(item.name) ?? []), ...values]);
    if (item.kind === 'regex') {
      for (const { text, line } of item.examples) {
        try {
          new RegExp(text, 'iu');
        } catch {
          fail(
            `regex "${item.name}": ${text} is not a regular expression JavaScript reads`,
            'correct the pattern',
            line,
          );
        }
      }
      regexes.set(item.name, [...(regexes.get(item.name) ?? []), ...values]);
    }
  }
  const intents = new Map<string, TrainingExample[]>();
  for (const item of raw.items.filter((i) => i.kind === 'intent')) {
    const parsed = item.examples.map(({ text, line }) =>
      parseExample(text, synonyms, (p) =>
        fail(`intent "${item.name}": ${p}`, 'annotate entities as [text](entity)', line),
      ),
    );
    intents.set(item.name, [...(intents.get(item.name) ?? []), ...parsed]);
  }
  for (const [intent, examples] of intents)
    if (examples.length === 0)
      fail(`intent "${intent}" has no examples`, 'list its examples, one "- example" a line');
  if (intents.size === 0)
    fail('there are no intents', 'add at least one "- intent:" with examples');
  return { intents, synonyms, lookups, regexes, notes: raw.warnings };
}
