import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name a mistyped one most likely meant ("outdoors" → "outdoor"), within a third of its length in
 * edits (at least one); undefined when nothing is that close.
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  const candidates = [...known].filter((k) => k !== name);
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates);
  return distance(name, best) <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** " (did you mean "outdoor"?)" or "". */
export const didYouMean = (name: string, known: Iterable<string>): string => {
  const near = nearestName(name, known);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
};
