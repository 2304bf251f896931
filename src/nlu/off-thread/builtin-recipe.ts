import { createHash } from 'node:crypto';

/** What a built-in adapter is trained from: enough for a worker thread to train the same one (training is deterministic). */
export interface BuiltinRecipe {
  /** A hash of the rest: the worker's cache key. */
  readonly key: string;
  /** The Rasa-format training data, as read from the file. */
  readonly source: string;
  readonly file: string;
  readonly threshold: number;
}

export const builtinRecipe = (source: string, file: string, threshold: number): BuiltinRecipe => ({
  key: createHash('sha256').update(`${threshold}\0${file}\0${source}`).digest('hex'),
  source,
  file,
  threshold,
});
