import { parse } from 'yaml';
import { type ConfigProblem, ProcessConfigError } from '../engine/index.js';

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

/** Rasa NLU training data (the `nlu:` section of an nlu.yml): intents with examples, synonyms, lookup tables. */
export interface TrainingData {
  readonly intents: ReadonlyMap<string, readonly TrainingExample[]>;
  /** A surface form (lower case) → its canonical value. */
  readonly synonyms: ReadonlyMap<string, string>;
  /** An entity → the values of its lookup table. */
  readonly lookups: ReadonlyMap<string, readonly string[]>;
}

const ANNOTATION = /\[([^\]]+)\](?:\(([^)]+)\)|(\{[^}]+\}))/g;

/** Parses the text of an nlu.yml; every problem names the file and the intent. */
export function parseRasaNlu(source: string, file: string): TrainingData {
  const fail = (problem: string, fix: string, where?: string): never => {
    throw new ProcessConfigError([
      {
        file,
        activity: undefined,
        problem: where ? `${where}: ${problem}` : problem,
        fix,
      } satisfies ConfigProblem,
    ]);
  };
  let document: unknown;
  try {
    document = parse(source);
  } catch (error) {
    return fail(
      `the file is not valid YAML (${(error as Error).message.split('\n')[0]})`,
      'correct the YAML syntax',
    );
  }
  const items = (document as { nlu?: unknown } | null)?.nlu;
  if (!Array.isArray(items))
    return fail(
      'there is no "nlu:" list',
      'write Rasa training data: nlu: - intent: greet examples: | - hello',
    );

  const rawIntents = new Map<string, string[]>();
  const synonyms = new Map<string, string>();
  const lookups = new Map<string, string[]>();
  for (const item of items as Record<string, unknown>[]) {
    const examples = typeof item?.examples === 'string' ? listLines(item.examples) : undefined;
    const kind = ['intent', 'synonym', 'lookup', 'regex'].find(
      (k) => typeof item?.[k] === 'string',
    );
    if (kind === undefined || examples === undefined) {
      fail(
        'an item is not an intent, synonym, lookup or regex with "examples"',
        'give each item a name and an "examples: |" list',
        JSON.stringify(item).slice(0, 60),
      );
    }
    const name = String(item[kind!]);
    if (kind === 'intent') rawIntents.set(name, [...(rawIntents.get(name) ?? []), ...examples!]);
    if (kind === 'synonym')
      for (const surface of examples!) synonyms.set(surface.toLowerCase(), name);
    if (kind === 'lookup') lookups.set(name, [...(lookups.get(name) ?? []), ...examples!]);
  }
  if (rawIntents.size === 0)
    fail('there are no intents', 'add at least one "- intent:" with examples');

  const intents = new Map<string, TrainingExample[]>();
  for (const [intent, lines] of rawIntents) {
    intents.set(
      intent,
      lines.map((line) =>
        parseExample(line, synonyms, (p) =>
          fail(p, 'annotate entities as [text](entity)', `intent "${intent}"`),
        ),
      ),
    );
  }
  return { intents, synonyms, lookups };
}

/** The lines of an `examples: |` block, without their "- ". */
const listLines = (block: string): string[] =>
  block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2).trim())
    .filter((l) => l !== '');

function parseExample(
  line: string,
  synonyms: ReadonlyMap<string, string>,
  fail: (problem: string) => never,
): TrainingExample {
  const entities: AnnotatedEntity[] = [];
  let text = '';
  let last = 0;
  for (const match of line.matchAll(ANNOTATION)) {
    text += line.slice(last, match.index);
    const [, surface, short, json] = match;
    let entity: string;
    let value: string | undefined;
    if (json !== undefined) {
      let parsed: { entity?: unknown; value?: unknown };
      try {
        parsed = JSON.parse(json) as typeof parsed;
      } catch {
        return fail(`the annotation ${match[0]} is not valid JSON`);
      }
      if (typeof parsed.entity !== 'string')
        return fail(`the annotation ${match[0]} has no "entity"`);
      entity = parsed.entity;
      value = typeof parsed.value === 'string' ? parsed.value : undefined;
    } else {
      [entity, value] = short.split(':');
    }
    entities.push({
      entity,
      value: value ?? synonyms.get(surface.toLowerCase()) ?? surface,
      text: surface,
      start: text.length,
    });
    text += surface;
    last = match.index + match[0].length;
  }
  text += line.slice(last);
  return { text, entities };
}
