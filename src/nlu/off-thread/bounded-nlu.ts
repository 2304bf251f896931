import {
  explanationToData,
  type JsonObject,
  type NluAdapter,
  type NluExplanation,
} from '../../engine/index.js';
import { BuiltinNluAdapter } from '../builtin-nlu.adapter.js';
import type { NluPool } from './nlu-pool.js';

/** Texts this short parse on the event loop (a few ms at most); longer ones go to the pool, when there is one. */
export const OFF_THREAD_FROM_CHARS = 120;

export interface NluBounds {
  /** The built-in NLU reads only the first this many characters of a text (NLU_MAX_TEXT_CHARS). */
  readonly maxTextChars: number;
  /** Where long texts are parsed; none: on the event loop (NLU_WORKER_THREADS=0). */
  readonly pool: NluPool | undefined;
}

/**
 * The built-in adapter as the server runs it: its cost grows with the text (about 25 ms per 1,000 characters of
 * synchronous work), so it reads at most maxTextChars (the start of the text: the intent and the entities found
 * there) and reads long texts off the event loop. Other adapters are left as they are (the keys adapter passes
 * the text on as data; a Rasa server does its own work).
 */
export function boundNlu(adapter: NluAdapter, bounds: NluBounds): NluAdapter {
  return adapter instanceof BuiltinNluAdapter ? new BoundedBuiltinNlu(adapter, bounds) : adapter;
}

class BoundedBuiltinNlu implements NluAdapter {
  readonly kind = 'builtin';

  constructor(
    private readonly adapter: BuiltinNluAdapter,
    private readonly bounds: NluBounds,
  ) {}

  async parse(text: string): Promise<JsonObject> {
    return explanationToData(await this.explain(text));
  }

  explain(text: string): Promise<NluExplanation> {
    const read = prefix(text, this.bounds.maxTextChars);
    const { pool } = this.bounds;
    const recipe = this.adapter.recipe;
    if (pool !== undefined && recipe !== undefined && read.length >= OFF_THREAD_FROM_CHARS)
      return pool.explain(recipe, read);
    return this.adapter.explain(read);
  }
}

/** The first `max` characters, without splitting a surrogate pair. */
function prefix(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
