import { ENTITY_TYPES, type EntityType } from '../entities/entity-types.js';
import { findTyped } from '../entities/typed-entities.js';

/** A held-out file of typed entities (test/fixtures/nlu/entities-heldout.json). */
export interface TypedHeldOut {
  readonly reference: { now: string; timeZone: string; country?: string };
  readonly samples: readonly {
    text: string;
    expected: Partial<Record<EntityType, (string | number | boolean)[]>>;
  }[];
}

export interface TypeScore {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  errors: string[];
}

/** A found datetime is right when its local date-time starts with the expected text ("2026-12-02" for a day). */
const matches = (type: EntityType, found: unknown, expected: unknown) =>
  type === 'datetime' ? String(found).startsWith(String(expected)) : found === expected;

/** Precision and recall per type, every sample read with all the types declared. */
export function scoreTypedEntities(heldOut: TypedHeldOut): Record<EntityType, TypeScore> {
  const context = {
    now: new Date(heldOut.reference.now),
    timeZone: heldOut.reference.timeZone,
    country: heldOut.reference.country,
  };
  const scores = {} as Record<EntityType, TypeScore>;
  for (const t of ENTITY_TYPES)
    scores[t] = {
      precision: 1,
      recall: 1,
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      errors: [],
    };
  for (const { text, expected } of heldOut.samples) {
    for (const [type, found] of findTyped(text, context)) {
      const score = scores[type];
      const missing = [...(expected[type] ?? [])];
      for (const f of found) {
        const at = missing.findIndex((e) => matches(type, f.value, e));
        if (at >= 0) {
          score.truePositives += 1;
          missing.splice(at, 1);
        } else {
          score.falsePositives += 1;
          score.errors.push(`"${text}": found ${JSON.stringify(f.value)} in "${f.text}"`);
        }
      }
      score.falseNegatives += missing.length;
      for (const m of missing) score.errors.push(`"${text}": missed ${JSON.stringify(m)}`);
    }
  }
  for (const s of Object.values(scores)) {
    const found = s.truePositives + s.falsePositives;
    const wanted = s.truePositives + s.falseNegatives;
    s.precision = found === 0 ? 1 : s.truePositives / found;
    s.recall = wanted === 0 ? 1 : s.truePositives / wanted;
  }
  return scores;
}
