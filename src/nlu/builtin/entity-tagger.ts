import perceptron from 'wink-perceptron';
import type { TrainingExample } from '../rasa-training-data.js';
import type { ClosedSets } from './closed-sets.js';
import { shape, tokenize, type Token } from './tokens.js';

/** An entity found in a text, with its character span (like Rasa's `start` and `end`). */
export interface TaggedSpan {
  readonly entity: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

type Features = Record<string, number>;

/**
 * A BIO sequence tagger (an averaged perceptron, wink-perceptron) trained from the annotated examples, so open
 * entities (station names, software, addresses) are learnt from their context as Rasa's CRF learns them.
 * Features: the word, its shape, prefix and suffixes, its two neighbours on each side, whether it is part of a known
 * value of an entity, whether it is rare, and the tag before it. Decoding is greedy, left to right.
 */
export class EntityTagger {
  private constructor(
    private readonly model: ReturnType<typeof perceptron> | undefined,
    private readonly sets: ClosedSets,
    private readonly counts: ReadonlyMap<string, number>,
  ) {}

  static train(examples: readonly TrainingExample[], sets: ClosedSets): EntityTagger {
    const counts = new Map<string, number>();
    for (const example of examples)
      for (const token of tokenize(example.text)) {
        const word = token.text.toLowerCase();
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    // Examples without entities teach the tagger where there are none.
    const sentences = examples.map((example) => {
      const tokens = tokenize(example.text);
      return { tokens, tags: bio(tokens, example), known: knownTags(tokens, sets, counts) };
    });
    const labels = new Set(sentences.flatMap((s) => s.tags));
    // wink-perceptron needs two classes: with no annotation at all there is nothing to learn.
    if (labels.size < 2) return new EntityTagger(undefined, sets, counts);
    const model = perceptron();
    model.defineConfig({ maxIterations: 20 });
    // The tag before each token is the gold one in training, so every token's features are fixed: built once.
    model.learn(
      sentences.flatMap((s) =>
        s.tokens.map(
          (_, i) =>
            [features(s.tokens, s.known, i, s.tags[i - 1] ?? 'BOS'), { label: s.tags[i] }] as [
              Features,
              { label: string },
            ],
        ),
      ),
    );
    return new EntityTagger(model, sets, counts);
  }

  tag(text: string): TaggedSpan[] {
    if (this.model === undefined) return [];
    const tokens = tokenize(text);
    const known = knownTags(tokens, this.sets, this.counts);
    const tags: string[] = [];
    for (let i = 0; i < tokens.length; i += 1) {
      const tag = this.model.predict(features(tokens, known, i, tags[i - 1] ?? 'BOS'));
      tags.push(tag === 'unknown' ? 'O' : tag);
    }
    const spans: TaggedSpan[] = [];
    let open: { entity: string; from: number; to: number } | undefined;
    const close = () => {
      if (open === undefined) return;
      const start = tokens[open.from].start;
      const end = tokens[open.to].end;
      spans.push({ entity: open.entity, text: text.slice(start, end), start, end });
      open = undefined;
    };
    tags.forEach((tag, i) => {
      const entity = tag.slice(2);
      // An I- that does not continue its entity starts one, as a B- would.
      if (tag.startsWith('I-') && open?.entity === entity) open.to = i;
      else {
        close();
        if (tag !== 'O') open = { entity, from: i, to: i };
      }
    });
    close();
    return spans;
  }
}

/** The gold tags: B-entity on an annotation's first token, I-entity on the others, O elsewhere. */
function bio(tokens: readonly Token[], example: TrainingExample): string[] {
  return tokens.map((token) => {
    const a = example.entities.find(
      (e) => token.start < e.start + e.text.length && e.start < token.end,
    );
    if (a === undefined) return 'O';
    const first = tokens.find((t) => t.start < a.start + a.text.length && a.start < t.end);
    return `${first === token ? 'B' : 'I'}-${a.entity}`;
  });
}

/**
 * For each token, the entities it is part of a known value of, with B/I, and whether it is rare: a word seen at
 * most once in training, as an unseen name is at run time (open entities are mostly such words).
 */
function knownTags(
  tokens: readonly Token[],
  sets: ClosedSets,
  counts: ReadonlyMap<string, number>,
): string[][] {
  const known: string[][] = tokens.map((t) =>
    (counts.get(t.text.toLowerCase()) ?? 0) <= 1 ? ['rare'] : [],
  );
  for (const m of sets.find(tokens))
    for (let i = m.from; i < m.to; i += 1) known[i].push(`${i === m.from ? 'B' : 'I'}-${m.entity}`);
  return known;
}

function features(
  tokens: readonly Token[],
  known: string[][],
  i: number,
  previous: string,
): Features {
  const word = (at: number) => tokens[at]?.text.toLowerCase() ?? (at < 0 ? '<s>' : '</s>');
  const w = word(i);
  const raw = tokens[i].text;
  const f: Features = {
    bias: 1,
    [`w=${w}`]: 1,
    [`shape=${shape(raw)}`]: 1,
    [`p3=${w.slice(0, 3)}`]: 1,
    [`s3=${w.slice(-3)}`]: 1,
    [`s2=${w.slice(-2)}`]: 1,
    [`w-1=${word(i - 1)}`]: 1,
    [`w-2=${word(i - 2)}`]: 1,
    [`w+1=${word(i + 1)}`]: 1,
    [`w+2=${word(i + 2)}`]: 1,
    [`w-1,w=${word(i - 1)} ${w}`]: 1,
    [`w,w+1=${w} ${word(i + 1)}`]: 1,
    [`shape-1=${tokens[i - 1] ? shape(tokens[i - 1].text) : '<s>'}`]: 1,
    [`shape+1=${tokens[i + 1] ? shape(tokens[i + 1].text) : '</s>'}`]: 1,
    [`t-1=${previous}`]: 1,
    [`t-1,w=${previous} ${w}`]: 1,
  };
  // A capital inside a sentence marks a name (at its start, or a lone "I", it says nothing).
  if (raw.length > 1 && /^\p{Lu}/u.test(raw) && i > 0) f.title = 1;
  for (const k of known[i]) f[`known=${k}`] = 1;
  for (const k of known[i - 1] ?? []) f[`known-1=${k}`] = 1;
  return f;
}
