import { compileInput } from '../common/input-schema.js';
import { ENV_SCHEMA, type EnvironmentVariables } from './env.schema.js';
import { secretProblems } from './secret-policy.js';

/** An object with the fields of the env schema, set by its constructor. */
const Fields = class {
  constructor(values: EnvironmentVariables) {
    Object.assign(this, values);
  }
} as new (values: EnvironmentVariables) => EnvironmentVariables;

/** The validated settings; a class so that it doubles as the DI token. */
export class Settings extends Fields {}

export class SettingsError extends Error {
  constructor(messages: string[]) {
    super(`invalid settings:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

const SECRETS = new Set(['SESSION_SECRET', 'ADMIN_TOKEN', 'AUTH_JWT_SECRET']);

const check = compileInput(ENV_SCHEMA, 'text');

/** Reads and validates the settings from an environment (process.env by default); throws on any error. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => value !== undefined && value !== '' && key in ENV_SCHEMA.properties,
    ),
  );
  const checked = check({ ...relevant });
  if ('problems' in checked) {
    throw new SettingsError(
      checked.problems.map(({ field, message }) =>
        // A secret's value is never echoed, not even a wrong one.
        SECRETS.has(field) ? message : `${message} (got ${JSON.stringify(relevant[field])})`,
      ),
    );
  }
  const settings = new Settings(checked.value);
  const problems = secretProblems(settings);
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
