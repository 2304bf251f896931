import { ProcessConfigError } from '../engine/index.js';
import { parseExample } from './rasa-examples.js';
import { readMarkdownNlu } from './rasa-markdown-data.js';
import { readYamlNlu } from './rasa-yaml-data.js';

import type { TrainingData, TrainingDataFail, TrainingExample } from './rasa-training-types.js';

export type {
  AnnotatedEntity,
  RawTrainingData,
  TrainingData,
  TrainingDataFail,
  TrainingExample,
} from './rasa-training-types.js';

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
