import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { tempConfig } from './temp-config.js';

const CONFIG = new URL('../../config/', import.meta.url).pathname;

/** The example processes this project ships in config/; a user's own processes may sit beside them. */
export const EXAMPLES = [
  'name_nickname',
  'name_nickname_bpmn',
  'quickstart',
  'store',
  'table_booking',
];

/**
 * A config folder in the temp directory with a copy of the examples and nothing else, for the tests that hold
 * the whole set of loaded processes (its list, its default, every one's stories): what a user adds to config/
 * changes nothing there.
 */
export function examplesConfig(): ReturnType<typeof tempConfig> {
  const config = tempConfig({});
  for (const name of EXAMPLES)
    cpSync(join(CONFIG, name), join(config.dir, name), { recursive: true });
  return config;
}
