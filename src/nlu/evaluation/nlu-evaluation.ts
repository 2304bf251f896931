import type { NluExplanation } from '../../engine/index.js';

/** One labelled utterance. `entities` is a map (the store's held-out files) or a list with spans (the corpora). */
export interface LabelledSample {
  readonly text: string;
  readonly intent: string;
  readonly entities?:
    | Readonly<Record<string, string>>
    | readonly { entity: string; value: string; start?: number; end?: number }[];
}

interface Score {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** What `rasa test nlu` reports, in a form that prints and serialises. */
export interface NluReport {
  readonly samples: number;
  readonly intents: {
    correct: number;
    accuracy: number;
    perIntent: Record<string, Score>;
    /** Expected → predicted → how many ("" is "no intent"). */
    confusionMatrix: Record<string, Record<string, number>>;
    errors: { text: string; expected: string; predicted: string; confidence: number | null }[];
  };
  readonly entities: Score & {
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
    perEntity: Record<string, Score>;
    errors: { text: string; missed: string[]; extra: string[] }[];
  };
}

const score = (tp: number, fp: number, fn: number): Score => {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: tp + fn };
};

const expectedEntities = (sample: LabelledSample) =>
  Array.isArray(sample.entities)
    ? sample.entities.map(({ entity, value }) => ({ entity, value }))
    : Object.entries(sample.entities ?? {}).map(([entity, value]) => ({ entity, value }));

/** An entity counts when its type and value match one expected (case aside): each expected one matches once. */
const key = (e: { entity: string; value: string | number | boolean }) =>
  `${e.entity}=${String(e.value).trim().toLowerCase()}`;

type Counts = { tp: number; fp: number; fn: number };
const bump = (table: Map<string, Counts>, name: string, field: keyof Counts) => {
  const counts = table.get(name) ?? { tp: 0, fp: 0, fn: 0 };
  counts[field] += 1;
  table.set(name, counts);
};

/**
 * Parses every sample (with the model that did not see it: under cross-validation, each fold's) and scores
 * intents (accuracy, per intent) and entities (precision, recall, F1).
 */
export async function evaluateNlu(
  samples: readonly LabelledSample[],
  explain: (sample: LabelledSample) => Promise<NluExplanation>,
): Promise<NluReport> {
  const intents = new Map<string, Counts>();
  const entities = new Map<string, Counts>();
  const confusionMatrix: Record<string, Record<string, number>> = {};
  const intentErrors: NluReport['intents']['errors'] = [];
  const entityErrors: NluReport['entities']['errors'] = [];
  let correct = 0;
  for (const sample of samples) {
    const result = await explain(sample);
    const row = (confusionMatrix[sample.intent] ??= {});
    row[result.intent] = (row[result.intent] ?? 0) + 1;
    if (result.intent === sample.intent) {
      correct += 1;
      bump(intents, sample.intent, 'tp');
    } else {
      bump(intents, sample.intent, 'fn');
      if (result.intent !== '') bump(intents, result.intent, 'fp');
      intentErrors.push({
        text: sample.text,
        expected: sample.intent,
        predicted: result.intent,
        confidence: result.confidence,
      });
    }
    const missing = expectedEntities(sample).map(key);
    const extra: string[] = [];
    for (const found of result.entities) {
      const at = missing.indexOf(key(found));
      if (at >= 0) {
        bump(entities, found.entity, 'tp');
        missing.splice(at, 1);
      } else {
        bump(entities, found.entity, 'fp');
        extra.push(key(found));
      }
    }
    for (const missed of missing) bump(entities, missed.split('=')[0], 'fn');
    if (missing.length > 0 || extra.length > 0)
      entityErrors.push({ text: sample.text, missed: missing, extra });
  }
  const total = [...entities.values()].reduce(
    (sum, c) => ({ tp: sum.tp + c.tp, fp: sum.fp + c.fp, fn: sum.fn + c.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  const table = (counts: Map<string, Counts>) =>
    Object.fromEntries(
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([n, c]) => [n, score(c.tp, c.fp, c.fn)]),
    );
  return {
    samples: samples.length,
    intents: {
      correct,
      accuracy: samples.length === 0 ? 0 : correct / samples.length,
      perIntent: table(intents),
      confusionMatrix,
      errors: intentErrors,
    },
    entities: {
      ...score(total.tp, total.fp, total.fn),
      truePositives: total.tp,
      falsePositives: total.fp,
      falseNegatives: total.fn,
      perEntity: table(entities),
      errors: entityErrors,
    },
  };
}
