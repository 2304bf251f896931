import type { NluAdapter, NluExplanation } from '../../../src/engine/index.js';
import { crossValidate } from '../../../src/nlu/evaluation/cross-validation.js';
import { evaluateNlu, type LabelledSample } from '../../../src/nlu/evaluation/nlu-evaluation.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';

const answer = (intent: string, entities: [string, string][] = []): NluExplanation => ({
  intent,
  confidence: 0.9,
  entities: entities.map(([entity, value]) => ({ entity, value })),
});

describe(evaluateNlu.name, () => {
  it('scores intents (accuracy, per intent, confusions) and entities (precision, recall, F1)', async () => {
    const samples: LabelledSample[] = [
      { text: 'hi', intent: 'greet' },
      { text: 'bye', intent: 'goodbye' },
      { text: 'a red cap', intent: 'order', entities: [{ entity: 'item', value: 'cap' }] },
      { text: 'two hats', intent: 'order', entities: { item: 'hat', count: 'two' } },
    ];
    const answers: Record<string, NluExplanation> = {
      hi: answer('greet'),
      bye: answer('greet'),
      'a red cap': answer('order', [
        ['item', 'Cap'],
        ['color', 'red'],
      ]),
      'two hats': answer('', [['item', 'hat']]),
    };
    const report = await evaluateNlu(samples, (s) => Promise.resolve(answers[s.text]));
    expect(report.intents).toMatchObject({ correct: 2, accuracy: 0.5 });
    expect(report.intents.perIntent.greet).toEqual({
      precision: 0.5,
      recall: 1,
      f1: 2 / 3,
      support: 1,
    });
    expect(report.intents.confusionMatrix).toEqual({
      greet: { greet: 1 },
      goodbye: { greet: 1 },
      order: { order: 1, '': 1 },
    });
    expect(report.intents.errors.map((e) => [e.text, e.predicted])).toEqual([
      ['bye', 'greet'],
      ['two hats', ''],
    ]);
    // item=cap (case aside) and item=hat are right, color=red is extra, count=two is missed.
    expect(report.entities).toMatchObject({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
    });
    expect(report.entities.perEntity.count).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });
});

describe(crossValidate.name, () => {
  it('scores each example with a model trained without it, every intent in every fold', async () => {
    const lines = (prefix: string) =>
      Array.from({ length: 6 }, (_, i) => `    - ${prefix} ${i}`).join('\n');
    const data = parseRasaNlu(
      `nlu:\n- intent: a\n  examples: |\n${lines('alpha')}\n- intent: b\n  examples: |\n${lines('beta')}`,
      'nlu.yml',
    );
    const trainedOn: Set<string>[] = [];
    const report = await crossValidate(data, 3, (fold) => {
      const texts = new Set([...fold.intents.values()].flat().map((e) => e.text));
      trainedOn.push(texts);
      const adapter: NluAdapter = {
        kind: 'fake',
        parse: () => Promise.resolve({}),
        // Right only about what it did not train on: any leak of a test example would score an error.
        explain: (text) =>
          Promise.resolve(answer(texts.has(text) ? 'leak' : text.startsWith('alpha') ? 'a' : 'b')),
      };
      return Promise.resolve(adapter);
    });
    expect(trainedOn.map((t) => t.size)).toEqual([8, 8, 8]);
    expect(report.samples).toBe(12);
    expect(report.intents.accuracy).toBe(1);
  });
});
