import type { TrainingData } from '../rasa-training-data.js';
import { normalise, type Token } from './tokens.js';

/** A phrase of the text that is a known surface of an entity. */
export interface Match {
  readonly entity: string;
  readonly value: string;
  /** Token indexes, `to` exclusive. */
  readonly from: number;
  readonly to: number;
}

/**
 * What the training data says about entity values: every surface seen (annotated, in a lookup table or a synonym)
 * with its canonical value. The tagger reads the matches as features for every entity; for entities with a lookup
 * table (a closed set the author declared) they are also a second pass, so a listed value is found in a sentence
 * unlike any example ("violet would be nice").
 */
export class ClosedSets {
  /** Entity → normalised surface → canonical value. */
  private readonly surfaces = new Map<string, Map<string, string>>();
  private longest = 1;

  constructor(private readonly data: TrainingData) {
    const canonical = (value: string) => data.synonyms.get(value.toLowerCase()) ?? value;
    for (const examples of data.intents.values())
      for (const { entities } of examples)
        for (const a of entities) this.add(a.entity, a.text, a.value);
    for (const [entity, values] of data.lookups)
      for (const value of values) this.add(entity, value, canonical(value));
    for (const [surface, value] of data.synonyms)
      for (const [entity, known] of this.surfaces)
        if ([...known.values()].includes(value)) this.add(entity, surface, value);
  }

  private add(entity: string, surface: string, value: string): void {
    const key = normalise(surface);
    if (key === '') return;
    const known = this.surfaces.get(entity) ?? new Map<string, string>();
    this.surfaces.set(entity, known);
    if (!known.has(key)) known.set(key, value);
    if (!known.has(normalise(value))) known.set(normalise(value), value);
    this.longest = Math.max(this.longest, key.split(' ').length);
  }

  /** Whether the author declared the entity's values (a lookup table). */
  isDeclared(entity: string): boolean {
    return this.data.lookups.has(entity);
  }

  /** The canonical value of a phrase the tagger found: its synonym's, or the phrase. */
  valueOf(entity: string, phrase: string): string {
    return (
      this.surfaces.get(entity)?.get(normalise(phrase)) ??
      this.data.synonyms.get(phrase.toLowerCase()) ??
      phrase
    );
  }

  /** Every known surface in the tokens, on whole tokens, the longest first where they overlap. */
  find(tokens: readonly Token[]): Match[] {
    const words = tokens.map((t) => t.text.toLowerCase());
    const found: Match[] = [];
    for (let from = 0; from < words.length; from += 1) {
      for (let to = Math.min(words.length, from + this.longest); to > from; to -= 1) {
        const phrase = words.slice(from, to).join(' ');
        for (const [entity, known] of this.surfaces) {
          const value = known.get(phrase);
          if (value !== undefined) found.push({ entity, value, from, to });
        }
      }
    }
    return found;
  }
}
