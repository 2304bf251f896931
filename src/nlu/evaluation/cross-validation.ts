import type { NluAdapter } from '../../engine/index.js';
import type { TrainingData, TrainingExample } from '../rasa-training-data.js';
import { evaluateNlu, type LabelledSample, type NluReport } from './nlu-evaluation.js';

/** A training example as a labelled sample, its entities with their spans and canonical values. */
export const asSample = (example: TrainingExample, intent: string): LabelledSample => ({
  text: example.text,
  intent,
  entities: example.entities.map((a) => ({
    entity: a.entity,
    value: a.value,
    start: a.start,
    end: a.start + a.text.length,
  })),
});

/**
 * K-fold cross-validation, like `rasa test nlu --cross-validation`: each intent's examples are dealt to the folds
 * in turn (so every fold sees every intent), a model is trained without each fold and scored on it.
 */
export async function crossValidate(
  data: TrainingData,
  folds: number,
  train: (data: TrainingData) => Promise<NluAdapter>,
): Promise<NluReport> {
  const foldOf = new Map<LabelledSample, number>();
  const split = (fold: number): TrainingData => ({
    ...data,
    intents: new Map(
      [...data.intents].map(([intent, examples]) => [
        intent,
        examples.filter((_, i) => i % folds !== fold),
      ]),
    ),
  });
  for (const [intent, examples] of data.intents)
    examples.forEach((example, i) => foldOf.set(asSample(example, intent), i % folds));
  const models: NluAdapter[] = [];
  for (let fold = 0; fold < folds; fold += 1) models.push(await train(split(fold)));
  return evaluateNlu([...foldOf.keys()], (sample) =>
    models[foldOf.get(sample)!].explain(sample.text),
  );
}
