import type { EnvironmentVariables } from './env.schema.js';

/** The shortest secret accepted where it matters: 32 characters (`openssl rand -hex 32` gives 64). */
export const MIN_STRICT_SECRET_CHARS = 32;

/** Values published in this repository's files or its docs, and the usual placeholders. */
const KNOWN_DEFAULTS = ['change-me-mmcc-session-secret'];
const PLACEHOLDER =
  /change[-_ ]?me|changeit|placeholder|example|your[-_ ]?(own[-_ ]?)?secret|^secret$|^password$/i;

const HOW =
  'make one with `openssl rand -hex 32` and set it in the environment (or in .env for docker compose)';

/**
 * Secrets that a deployment must not run with: a default anyone can read in this repository, a placeholder or
 * a short value. Enforced when NODE_ENV=production or in JWT mode (where the Direct Line tokens, signed with a
 * key derived from SESSION_SECRET, are all that binds a conversation to its user). Unset stays allowed: the
 * session key is then random at each boot, and the admin API is off.
 */
export function secretProblems(settings: EnvironmentVariables): string[] {
  const strict =
    settings.NODE_ENV === 'production' ||
    settings.AUTH_JWT_SECRET !== undefined ||
    settings.AUTH_JWKS_URL !== undefined;
  if (!strict) return [];
  const why = settings.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'JWT mode';
  const problems: string[] = [];
  for (const name of ['SESSION_SECRET', 'ADMIN_TOKEN', 'AUTH_JWT_SECRET'] as const) {
    const value = settings[name];
    if (value === undefined) continue;
    if (KNOWN_DEFAULTS.includes(value) || PLACEHOLDER.test(value))
      problems.push(`${name} is a published default or a placeholder, refused with ${why}: ${HOW}`);
    else if (value.length < MIN_STRICT_SECRET_CHARS)
      problems.push(
        `${name} must be at least ${MIN_STRICT_SECRET_CHARS} characters with ${why} (got ${value.length}): ${HOW}`,
      );
    else if (new Set(value).size < 8)
      problems.push(`${name} repeats too few characters to be a secret (${why}): ${HOW}`);
  }
  return problems;
}
