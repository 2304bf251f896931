import {
  explanationToData,
  type JsonObject,
  type NluAdapter,
  type NluExplanation,
} from '../engine/index.js';
import { ClosedSets } from './builtin/closed-sets.js';
import { EntityTagger, type TaggedSpan } from './builtin/entity-tagger.js';
import { IntentClassifier } from './builtin/intent-classifier.js';
import { tokenize } from './builtin/tokens.js';
import type { BuiltinRecipe } from './off-thread/builtin-recipe.js';
import type { TrainingData } from './rasa-training-data.js';

export interface BuiltinSettings {
  /** Below this confidence the result is "no intent" (intent ""). */
  readonly threshold: number;
}

/**
 * Understands text without any other service, from Rasa-format data, trained at boot. Entities are found first,
 * by a sequence tagger learnt from the annotated examples and, for entities with a lookup table, by matching the
 * table's values and their synonyms, and by the regexes named after an entity; the intent is then classified from the words, their character n-grams and
 * the entities found. Entity values are canonical (a synonym's value) and keep their span in the text.
 */
export class BuiltinNluAdapter implements NluAdapter {
  readonly kind = 'builtin';
  /** What it was trained from, when loaded from a process folder: a worker thread trains the same one from it. */
  recipe: BuiltinRecipe | undefined = undefined;

  private constructor(
    private readonly tagger: EntityTagger,
    private readonly sets: ClosedSets,
    private readonly classifier: IntentClassifier,
    private readonly settings: BuiltinSettings,
    private readonly entitiesOf: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly patterns: readonly { entity: string; pattern: RegExp }[] = [],
  ) {}

  static train(data: TrainingData, settings: BuiltinSettings): Promise<BuiltinNluAdapter> {
    const examples = [...data.intents].flatMap(([intent, list]) =>
      list.map((example) => ({ ...example, intent })),
    );
    const sets = new ClosedSets(data);
    const tagger = EntityTagger.train(examples, sets);
    const classifier = IntentClassifier.train(
      examples.map(({ text, intent, entities }) => ({
        text,
        intent,
        entities: entities.map((a) => ({ ...a, end: a.start + a.text.length })),
      })),
    );
    const entitiesOf = new Map(
      [...data.intents].map(([intent, list]) => [
        intent,
        new Set(list.flatMap((e) => e.entities.map((a) => a.entity))),
      ]),
    );
    // As Rasa's RegexEntityExtractor: a regex named after an annotated entity finds its values.
    const annotated = new Set([...entitiesOf.values()].flatMap((set) => [...set]));
    const patterns = [...(data.regexes ?? [])]
      .filter(([name]) => annotated.has(name))
      .flatMap(([entity, list]) => list.map((p) => ({ entity, pattern: new RegExp(p, 'giu') })));
    return Promise.resolve(
      new BuiltinNluAdapter(tagger, sets, classifier, settings, entitiesOf, patterns),
    );
  }

  async parse(text: string): Promise<JsonObject> {
    return explanationToData(await this.explain(text));
  }

  explain(text: string): Promise<NluExplanation> {
    const spans = this.findEntities(text);
    const [best] = this.classifier.classify({ text, entities: spans });
    const confidence = Math.round((best?.score ?? 0) * 1000) / 1000;
    const understood =
      best !== undefined && best.score > 0 && best.score >= this.settings.threshold;
    const intent = understood ? best.intent : '';
    // An entity never annotated in the intent's examples is most likely a word that belongs to another intent
    // ("size" is a thing to change, not in "size S please"); with no intent every entity found is kept.
    const expected = this.entitiesOf.get(intent);
    return Promise.resolve({
      intent,
      confidence,
      entities: spans
        .filter((s) => expected === undefined || expected.has(s.entity))
        .map(({ entity, text: surface, start, end }) => ({
          entity,
          value: this.sets.valueOf(entity, surface),
          start,
          end,
        })),
    });
  }

  /** The tagger's spans, then the declared values it missed (where they overlap none of its spans). */
  private findEntities(text: string): TaggedSpan[] {
    const spans = this.tagger.tag(text);
    const tokens = tokenize(text);
    for (const match of this.sets.find(tokens)) {
      if (!this.sets.isDeclared(match.entity)) continue;
      const start = tokens[match.from].start;
      const end = tokens[match.to - 1].end;
      if (spans.some((s) => s.start < end && start < s.end)) continue;
      spans.push({ entity: match.entity, text: text.slice(start, end), start, end });
    }
    for (const { entity, pattern } of this.patterns)
      for (const found of text.matchAll(pattern)) {
        const start = found.index;
        const end = start + found[0].length;
        if (end === start || spans.some((s) => s.start < end && start < s.end)) continue;
        spans.push({ entity, text: found[0], start, end });
      }
    return spans.sort((a, b) => a.start - b.start);
  }
}
