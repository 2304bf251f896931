import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './env.schema.js';
import { secretProblems } from './secret-policy.js';

/** The validated settings; a class so that it doubles as the DI token. */
export class Settings extends EnvironmentVariables {}

export class SettingsError extends Error {
  constructor(messages: string[]) {
    super(`invalid settings:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

const SECRETS = new Set(['SESSION_SECRET', 'ADMIN_TOKEN', 'AUTH_JWT_SECRET']);

/** Reads and validates the settings from an environment (process.env by default); throws on any error. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const known = Object.keys(new EnvironmentVariables());
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => value !== undefined && value !== '' && known.includes(key),
    ),
  );
  const settings = plainToInstance(Settings, relevant, { exposeDefaultValues: true });
  const errors = validateSync(settings, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new SettingsError(
      errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((m) =>
          // A secret's value is never echoed, not even a wrong one.
          SECRETS.has(e.property) ? m : `${m} (got ${JSON.stringify(e.value)})`,
        ),
      ),
    );
  }
  const problems = secretProblems(settings);
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
