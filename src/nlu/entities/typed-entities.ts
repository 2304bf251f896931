import { findDatetimes } from './datetime.recogniser.js';
import { findEmails } from './email.recogniser.js';
import type { EntityType, FoundValue, Recogniser, RecogniserContext } from './entity-types.js';
import { findNumbers } from './number.recogniser.js';
import { findPhones } from './phone.recogniser.js';
import { findYesNo } from './yes-no.recogniser.js';

/**
 * The recognisers in the order they claim text: an address or a phone number holds digits that are not a
 * number, a date ("at 7", "in two weeks") holds numbers that are not a count, so a span taken by one is not
 * read again by those after it.
 */
const RECOGNISERS: readonly [EntityType, Recogniser][] = [
  ['email', findEmails],
  ['phone', findPhones],
  ['datetime', findDatetimes],
  ['number', findNumbers],
  ['yes_no', findYesNo],
];

/** Every value of each type in the text, no two of them overlapping. */
export function findTyped(text: string, context: RecogniserContext): Map<EntityType, FoundValue[]> {
  const taken: FoundValue[] = [];
  const byType = new Map<EntityType, FoundValue[]>();
  for (const [type, recognise] of RECOGNISERS) {
    const found = recognise(text, context).filter(
      (f) => !taken.some((t) => f.start < t.end && t.start < f.end),
    );
    taken.push(...found);
    byType.set(type, found);
  }
  return byType;
}

/** A typed entity as the NLU reports it. */
export interface TypedEntity extends FoundValue {
  readonly entity: string;
}

/** The values of the declared entities (name → type), in the order of the text. */
export function findDeclared(
  text: string,
  declared: ReadonlyMap<string, EntityType>,
  context: RecogniserContext,
): TypedEntity[] {
  const byType = findTyped(text, context);
  return [...declared]
    .flatMap(([entity, type]) => (byType.get(type) ?? []).map((f) => ({ entity, ...f })))
    .sort((a, b) => a.start - b.start);
}
