import type { TrainingData } from './rasa-training-data.js';

/** Below this many examples an intent is rarely recognised in words other than its own examples'. */
export const FEW_EXAMPLES = 5;

/**
 * What an author should know about their training data, for the boot log: intents with too few examples, entities
 * annotated only once (the tagger cannot learn their context from one sentence), and examples given to two intents
 * (the classifier cannot tell them apart on those words). Each names the file and the intent.
 */
export function trainingWarnings(data: TrainingData, file: string): string[] {
  const warnings: string[] = [...(data.notes ?? [])];
  const annotated = new Map<string, string[]>(); // entity → the intents of its annotations
  const seen = new Map<string, string>(); // an example, lower case → its first intent
  for (const [intent, examples] of data.intents) {
    if (examples.length < FEW_EXAMPLES)
      warnings.push(
        `${file}: intent "${intent}" has ${examples.length} example${examples.length === 1 ? '' : 's'}; ` +
          `give it at least ${FEW_EXAMPLES}, worded differently, so that it is recognised in other words`,
      );
    const reported = new Set<string>();
    for (const example of examples) {
      for (const { entity } of example.entities)
        annotated.set(entity, [...(annotated.get(entity) ?? []), intent]);
      const text = example.text.trim().toLowerCase();
      const other = seen.get(text);
      if (other === undefined) seen.set(text, intent);
      else if (other !== intent && !reported.has(text)) {
        reported.add(text);
        warnings.push(
          `${file}: "${example.text}" is an example of both intent "${other}" and intent "${intent}"; ` +
            'keep it in one of them, or the NLU cannot tell them apart on it',
        );
      }
    }
  }
  for (const [entity, intents] of annotated)
    if (intents.length === 1)
      warnings.push(
        `${file}: entity "${entity}" is annotated only once (intent "${intents[0]}"); annotate it in a few ` +
          'more examples, in different sentences, so that it is found in sentences unlike that one',
      );
  return warnings;
}
