import type { AnnotatedEntity, TrainingExample } from './rasa-training-types.js';

// `[text](entity)`, `[text](entity:value)`, `[text]{"entity": ..., "value": ..., "role": ...}`.
const ANNOTATION = /\[([^\]]+)\](?:\(([^)]+)\)|(\{[^}]+\}))/g;

/** One training example with its annotations taken out; `fail` says what is wrong with it. */
export function parseExample(
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
      const colon = short.indexOf(':');
      entity = colon < 0 ? short : short.slice(0, colon);
      value = colon < 0 ? undefined : short.slice(colon + 1);
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
