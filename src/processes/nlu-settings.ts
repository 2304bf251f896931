import {
  type ConfigProblem,
  describe,
  isPlainObject,
  KeysNluAdapter,
  type NluAdapter,
  ProcessConfigError,
} from '../engine/index.js';

/**
 * Reads a process's `nlu.json`. With no file, the process gets the keys adapter with the single
 * key "text", as the spec says. Adapter kinds other than "keys" come with the NLU feature.
 */
export function createNluAdapter(settings: unknown, file: string | undefined): NluAdapter {
  if (file === undefined) return new KeysNluAdapter(['text']);
  const problem = (text: string, fix: string): never => {
    throw new ProcessConfigError([{ file, problem: text, fix } satisfies ConfigProblem]);
  };
  if (!isPlainObject(settings))
    return problem(
      `the settings are ${describe(settings)}, not an object`,
      'write {"adapter": "keys", "keys": ["text"]}',
    );
  const { adapter, ...rest } = settings;
  if (adapter !== 'keys')
    return problem(`"adapter" is ${describe(adapter)}, not a known NLU adapter`, 'use "keys"');
  const unknown = Object.keys(rest).filter((key) => key !== 'keys');
  if (unknown.length > 0)
    return problem(
      `unknown setting "${unknown[0]}" for the keys adapter`,
      'the keys adapter takes only "keys"',
    );
  const keys = rest.keys;
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    !keys.every((k) => typeof k === 'string' && k.length > 0)
  ) {
    return problem(
      `"keys" is ${describe(keys)}, not a list of names`,
      'list the data keys your callbacks read, e.g. ["name", "age"]',
    );
  }
  return new KeysNluAdapter(keys as string[]);
}
