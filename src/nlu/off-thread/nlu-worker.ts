import type { NluExplanation } from '../../engine/index.js';
import { BuiltinNluAdapter } from '../builtin-nlu.adapter.js';
import { parseRasaNlu } from '../rasa-training-data.js';
import type { BuiltinRecipe } from './builtin-recipe.js';

/** One text to explain, with what the adapter was trained from (a worker trains it once, on first use). */
export interface OffThreadRequest {
  readonly recipe: BuiltinRecipe;
  readonly text: string;
}

/** At most this many trained adapters per worker: a reload brings new versions, the old ones go. */
const KEPT = 16;
const adapters = new Map<string, Promise<BuiltinNluAdapter>>();

/** The worker's task (piscina calls the default export): the same adapter, trained from the same data. */
export default function explain({ recipe, text }: OffThreadRequest): Promise<NluExplanation> {
  let adapter = adapters.get(recipe.key);
  if (adapter === undefined) {
    adapter = BuiltinNluAdapter.train(parseRasaNlu(recipe.source, recipe.file), {
      threshold: recipe.threshold,
    });
    adapters.set(recipe.key, adapter);
    if (adapters.size > KEPT) adapters.delete(adapters.keys().next().value!);
  } else {
    // Most recently used last, so the oldest is the one that goes.
    adapters.delete(recipe.key);
    adapters.set(recipe.key, adapter);
  }
  return adapter.then((a) => a.explain(text));
}
