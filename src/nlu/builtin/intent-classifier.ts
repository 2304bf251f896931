import { NeuralNetwork } from '@nlpjs/neural';
import { tokenize } from './tokens.js';

/** What the classifier sees of an utterance: its text and the entities found in it. */
export interface IntentInput {
  readonly text: string;
  readonly entities: readonly { entity: string; start: number; end: number }[];
}

type Features = Record<string, number>;

/**
 * Intents by nlp.js's neural network (one unit per intent over sparse features), fed with more than words:
 * character n-grams of each word (so an unseen form such as "hiya" still resembles "hi" and "heya"), word pairs,
 * and the entities found, whose words also stand for their entity ("violet would be nice" reads as "<preference>
 * would be nice", like the examples that name other colours).
 */
export class IntentClassifier {
  private constructor(
    private readonly network: NeuralNetwork,
    private readonly known: ReadonlySet<string>,
    private readonly examples: ReadonlyMap<string, readonly Features[]>,
  ) {}

  static train(examples: readonly (IntentInput & { intent: string })[]): IntentClassifier {
    const corpus = examples.map((e) => ({ input: features(e), output: { [e.intent]: 1 } }));
    const known = new Set(corpus.flatMap((c) => Object.keys(c.input)));
    // nlp.js's "none feature": an input with nothing known in it should not resemble any intent.
    corpus.push({ input: { nonefeature: 1 }, output: {} });
    // Ten times nlp.js's default error threshold: the ranking is settled long before, and boot takes half as long.
    const network = new NeuralNetwork({ log: false, errorThresh: 0.0005 });
    network.train(corpus);
    const byIntent = new Map<string, Features[]>();
    for (const e of examples)
      byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), features(e)]);
    return new IntentClassifier(network, known, byIntent);
  }

  /**
   * How much the input resembles the intent's closest example: the cosine of their features (words, n-grams,
   * pairs, entities; unseen words count against it), 0 to 1. The network ranks intents well but cannot say
   * "none of them": text about something else still lands on the intent it grazes most.
   */
  similarity(input: IntentInput, intent: string): number {
    return nearest(features(input), this.examples.get(intent) ?? []);
  }

  /**
   * The intents from the most to the least likely. A score is the geometric mean of two things: how far the intent
   * is ahead of the others (squared outputs summing to 1, as nlp.js normalises them) and how strongly it fires
   * (its unit is trained to answer 1 on its examples). Either alone misleads: the first is high for gibberish
   * that grazes a few n-grams of one intent, the second low for an unseen form like "hiya" that only n-grams reach.
   */
  classify(input: IntentInput): { intent: string; score: number }[] {
    const all = features(input);
    const input_ = Object.fromEntries(Object.entries(all).filter(([f]) => this.known.has(f)));
    const outputs = this.network.run(
      Object.keys(input_).length === 0 ? { nonefeature: 1 } : input_,
    );
    const raw = Object.entries(outputs ?? {});
    const total = raw.reduce((sum, [, output]) => sum + output ** 2, 0);
    return raw
      .map(([intent, output]) => ({
        intent,
        score: total === 0 ? 0 : Math.sqrt((output ** 2 / total) * Math.min(1, output)),
      }))
      .sort((a, b) => b.score - a.score);
  }
}

function nearest(f: Features, examples: readonly Features[]): number {
  let best = 0;
  for (const example of examples) {
    let dot = 0;
    for (const [k, v] of Object.entries(f)) dot += v * (example[k] ?? 0);
    best = Math.max(best, dot);
  }
  return Math.round(best * 1000) / 1000;
}

function features({ text, entities }: IntentInput): Features {
  const f: Features = {};
  const words = tokenize(text)
    .filter((t) => /[\p{L}\p{N}]/u.test(t.text))
    .map((t) => {
      const entity = entities.find((e) => t.start < e.end && e.start < t.end);
      return { word: t.text.toLowerCase(), entity: entity?.entity };
    });
  for (const { word, entity } of words) {
    f[`w:${word}`] = 1;
    const padded = `<${word}>`;
    for (let n = 2; n <= 4; n += 1)
      for (let i = 0; i + n <= padded.length; i += 1) f[`c:${padded.slice(i, i + n)}`] = 1;
    if (entity !== undefined) f[`e:${entity}`] = 1;
  }
  const slots = words.map(({ word, entity }) => (entity === undefined ? word : `<${entity}>`));
  for (let i = 0; i + 1 < slots.length; i += 1) f[`b:${slots[i]} ${slots[i + 1]}`] = 1;
  for (const slot of slots) f[`s:${slot}`] = 1;
  // Unit length: nlp.js's learning rate is tuned for a handful of features, not the hundred n-grams give.
  const norm = Math.sqrt(Object.keys(f).length);
  for (const k of Object.keys(f)) f[k] /= norm;
  return f;
}
