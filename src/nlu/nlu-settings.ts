import { KeysNluAdapter } from './keys-nlu.adapter.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, isPlainObject, type NluAdapter, ProcessConfigError } from '../engine/index.js';
import { BuiltinNluAdapter, DEFAULT_OUT_OF_SCOPE } from './builtin-nlu.adapter.js';
import { takeEntitySettings } from './entities/entity-settings.js';
import { TypedEntitiesAdapter } from './entities/typed-entities.adapter.js';
import { builtinRecipe } from './off-thread/builtin-recipe.js';
import { RasaNluAdapter } from './rasa-nlu.adapter.js';
import { parseRasaNlu } from './rasa-training-data.js';
import { trainingWarnings } from './training-warnings.js';

export interface LoadedNlu {
  readonly adapter: NluAdapter;
  /** The text of every file the adapter was built from (part of the process's version). */
  readonly sources: readonly string[];
  /** For the boot log, e.g. "builtin, 10 intents, 130 examples, trained in 90 ms". */
  readonly summary: string;
  /** What the author should know about the training data, for the boot log. */
  readonly warnings: readonly string[];
}

const ADAPTERS = '"keys", "rasa" or "builtin"';

/**
 * Reads a process's `nlu.json` and builds its adapter. Without the file a process gets the keys adapter
 * with the single key "text". Every problem names the file and the fix.
 */
export async function loadNlu(
  settings: unknown,
  file: string | undefined,
  folder: string,
): Promise<LoadedNlu> {
  if (file === undefined)
    return { adapter: new KeysNluAdapter(['text']), sources: [], summary: 'keys', warnings: [] };
  const fail = (problem: string, fix: string): never => {
    throw new ProcessConfigError([{ file, problem, fix }]);
  };
  if (!isPlainObject(settings))
    return fail(
      `the settings are ${describe(settings)}, not an object`,
      `write {"adapter": ...} with ${ADAPTERS}`,
    );
  const { rest: own, typed } = takeEntitySettings(settings, fail);
  const loaded = await loadAdapter(own, file, folder, fail);
  if (typed === undefined) return loaded;
  const names = [...typed.entities].map(([name, type]) => `${name}: ${type}`).join(', ');
  return {
    ...loaded,
    adapter: new TypedEntitiesAdapter(loaded.adapter, typed),
    summary: `${loaded.summary}; typed entities ${names}`,
  };
}

async function loadAdapter(
  settings: Record<string, unknown>,
  file: string,
  folder: string,
  fail: (problem: string, fix: string) => never,
): Promise<LoadedNlu> {
  const { adapter, ...rest } = settings;
  const allow = (...keys: string[]) => {
    const unknown = Object.keys(rest).find((k) => !keys.includes(k));
    if (unknown !== undefined)
      fail(
        `unknown setting "${unknown}" for the ${String(adapter)} adapter`,
        `its settings are ${keys.map((k) => `"${k}"`).join(', ')}`,
      );
  };
  if (adapter === 'keys') {
    allow('keys');
    const keys = rest.keys;
    if (
      !Array.isArray(keys) ||
      keys.length === 0 ||
      !keys.every((k) => typeof k === 'string' && k.length > 0)
    ) {
      return fail(
        `"keys" is ${describe(keys)}, not a list of names`,
        'list the data keys your callbacks read, e.g. ["name", "age"]',
      );
    }
    return {
      adapter: new KeysNluAdapter(keys as string[]),
      sources: [],
      summary: `keys (${keys.join(', ')})`,
      warnings: [],
    };
  }
  if (adapter === 'rasa') {
    allow('url', 'timeoutMs', 'token');
    const { url, timeoutMs = 3000, token } = rest;
    if (typeof url !== 'string' || !/^https?:\/\/.+/.test(url))
      return fail(
        `"url" is ${describe(url)}, not an http(s) URL`,
        'give the Rasa server, e.g. "http://localhost:5005"',
      );
    if (
      typeof timeoutMs !== 'number' ||
      !Number.isInteger(timeoutMs) ||
      timeoutMs < 100 ||
      timeoutMs > 60_000
    ) {
      return fail(
        `"timeoutMs" is ${describe(timeoutMs)}`,
        'give a whole number of milliseconds from 100 to 60000',
      );
    }
    if (token !== undefined && typeof token !== 'string')
      return fail(`"token" is ${describe(token)}, not a string`, "give Rasa's --auth-token");
    return {
      adapter: new RasaNluAdapter({ url, timeoutMs, token }),
      sources: [],
      summary: `rasa at ${url}`,
      warnings: [],
    };
  }
  if (adapter === 'builtin') {
    allow('data', 'threshold', 'outOfScope');
    const { data = 'nlu.yml', threshold = 0.5, outOfScope = DEFAULT_OUT_OF_SCOPE } = rest;
    if (typeof data !== 'string')
      return fail(
        `"data" is ${describe(data)}, not a file name`,
        'name the Rasa training data file, e.g. "nlu.yml"',
      );
    if (typeof threshold !== 'number' || threshold < 0 || threshold > 1)
      return fail(`"threshold" is ${describe(threshold)}`, 'give a number from 0 to 1');
    if (typeof outOfScope !== 'number' || outOfScope < 0 || outOfScope > 1)
      return fail(
        `"outOfScope" is ${describe(outOfScope)}`,
        'give the least similarity to a training example, from 0 (off) to 1; the default is 0.37',
      );
    const dataFile = join(folder, data);
    if (!existsSync(dataFile))
      return fail(
        `the training data "${data}" is missing`,
        `add ${join(folder, data)} in Rasa's nlu.yml format`,
      );
    const source = await readFile(dataFile, 'utf8');
    const training = parseRasaNlu(source, dataFile);
    const started = performance.now();
    const built = await BuiltinNluAdapter.train(training, { threshold, outOfScope });
    built.recipe = builtinRecipe(source, dataFile, threshold, outOfScope);
    const examples = [...training.intents.values()].reduce((n, list) => n + list.length, 0);
    const summary = `builtin, ${training.intents.size} intents, ${examples} examples, trained in ${Math.round(performance.now() - started)} ms`;
    return {
      adapter: built,
      sources: [source],
      summary,
      warnings: trainingWarnings(training, join(file, '..', data)),
    };
  }
  return fail(`"adapter" is ${describe(adapter)}, not a known NLU adapter`, `use ${ADAPTERS}`);
}
