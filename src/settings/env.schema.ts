import type { InputOf, InputSchema } from '../common/input-schema.js';

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

const int = (name: string, value: number, minimum: number, maximum?: number) =>
  ({
    type: 'integer',
    default: value,
    minimum,
    ...(maximum === undefined ? {} : { maximum }),
    'x-problem': `${name} must be a whole number ${maximum === undefined ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`}`,
  }) as const;

const text = (name: string, value: string) =>
  ({
    type: 'string',
    default: value,
    minLength: 1,
    'x-problem': `${name} must not be empty`,
  }) as const;

function matching(
  pattern: RegExp,
  problem: string,
): { type: 'string'; pattern: string; 'x-problem': string };
function matching<D extends string>(
  pattern: RegExp,
  problem: string,
  value: D,
): { type: 'string'; pattern: string; default: D; 'x-problem': string };
function matching(pattern: RegExp, problem: string, value?: string) {
  const given = value === undefined ? {} : { default: value };
  return { type: 'string', pattern: pattern.source, ...given, 'x-problem': problem };
}

const oneOf = <const V extends readonly string[]>(name: string, values: V, value: V[number]) =>
  ({
    enum: values,
    default: value,
    'x-problem': `${name} must be ${values
      .map((v) => `"${v}"`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' or $1')}`,
  }) as const;

/**
 * Every setting the server reads from the environment, with its default, as a JSON Schema: ajv converts the
 * text of each variable to its type, fills in the defaults and says what is wrong. docs/operating.md's
 * settings table lists the same names (a test checks it); `loadSettings` is the only reader of process.env.
 */
export const ENV_SCHEMA = {
  type: 'object',
  properties: {
    PORT: int('PORT', 3000, 0, 65535),
    HOST: text('HOST', '0.0.0.0'),
    CONFIG_DIR: text('CONFIG_DIR', './config'),
    DEFAULT_PROCESS: matching(
      /^[A-Za-z0-9_.-]+$/,
      'DEFAULT_PROCESS must be the name of a folder in CONFIG_DIR',
    ),
    CALLBACK_TIMEOUT_MS: int('CALLBACK_TIMEOUT_MS', 10_000, 1),
    /** The Python that runs callbacks.py / my_callbacks.py (the original project's callbacks). */
    PYTHON: text('PYTHON', 'python3'),
    /**
     * At most this many Python workers per Python callbacks file: one runs one callback at a time, and one
     * more is started only while all are busy.
     */
    PYTHON_WORKERS: int('PYTHON_WORKERS', 2, 1, 64),
    /** The largest process folder kept as a version (every version is stored whole in the database). */
    PROCESS_VERSION_MAX_BYTES: int('PROCESS_VERSION_MAX_BYTES', 5_000_000, 1_000),
    /** Where older process versions are written out to run (one folder per version; safe to delete). */
    VERSIONS_CACHE_DIR: text('VERSIONS_CACHE_DIR', './data/process-versions'),
    /** How often a server looks in the database for versions another server published (0: never). */
    VERSIONS_POLL_MS: int('VERSIONS_POLL_MS', 2_000, 0),
    /**
     * "true": watch CONFIG_DIR and reload the processes when a file in it changes, as POST /admin/processes/reload
     * does (`npm run dev` sets it); a broken edit is logged and the processes that were live stay live.
     */
    WATCH_CONFIG: oneOf('WATCH_CONFIG', ['true', 'false'], 'false'),
    /** A Postgres URL; without it the server keeps its data in an embedded SQLite file. */
    DATABASE_URL: matching(
      POSTGRES_URL,
      'DATABASE_URL must be a postgres:// URL (or unset for the embedded SQLite file)',
    ),
    SQLITE_PATH: text('SQLITE_PATH', './data/mmcc.sqlite'),
    /**
     * A Redis server shared by several servers, so that a reply reaches every socket.io client of an
     * interaction whichever server each is on; without it, replies reach this server's clients only.
     */
    REDIS_URL: matching(
      /^rediss?:\/\/.+/,
      'REDIS_URL must be a redis:// or rediss:// URL (or unset for a single server)',
    ),
    DB_POOL_SIZE: int('DB_POOL_SIZE', 10, 1, 1000),
    /**
     * How many interactions each server keeps in memory, so that their turns need no read before the write;
     * the cache also holds at most 100 times as many message ids (long transcripts weigh more).
     */
    INTERACTION_CACHE_SIZE: int('INTERACTION_CACHE_SIZE', 10_000, 1),
    /**
     * Postgres: the longest a statement may run, waiting for a row lock included; over it the turn is
     * refused with a retryable DATABASE_TIMEOUT and nothing changes (0: no limit).
     */
    DB_STATEMENT_TIMEOUT_MS: int('DB_STATEMENT_TIMEOUT_MS', 5_000, 0),
    /**
     * Turns of one interaction that may wait in this server behind the one running; more are refused at
     * once with a retryable INTERACTION_BUSY, so a stuck interaction cannot pile up work.
     */
    TURN_QUEUE_LIMIT: int('TURN_QUEUE_LIMIT', 32, 1),
    /**
     * The built-in NLU reads only the first this many characters of a text (the intent and the entities found
     * there); the rest stays in the transcript and reaches no callback as NLU data. Its work grows with the text.
     */
    NLU_MAX_TEXT_CHARS: int('NLU_MAX_TEXT_CHARS', 1000, 1),
    /**
     * Worker threads where the built-in NLU reads long texts, so that the event loop stays free for everyone
     * else (0: on the event loop).
     */
    NLU_WORKER_THREADS: int('NLU_WORKER_THREADS', 1, 0, 64),
    /** The largest HTTP body (and, with the transports, frame) accepted, in bytes. */
    MAX_BODY_BYTES: int('MAX_BODY_BYTES', 65_536, 1024),
    /**
     * The largest socket.io or WebSocket frame read at all; a larger frame closes the connection. Messages
     * between MAX_BODY_BYTES and this size get a BAD_MESSAGE error and the connection stays up.
     */
    SOCKET_MAX_FRAME_BYTES: int('SOCKET_MAX_FRAME_BYTES', 1_048_576, 1024),
    /** Signs the session cookie of the reference's REST endpoints; random per boot when unset. */
    SESSION_SECRET: {
      type: 'string',
      minLength: 16,
      'x-problem': 'SESSION_SECRET must be at least 16 characters',
    },
    /** End users prove their uid with an HS256 JWT signed with this secret (its `sub` is the uid). */
    AUTH_JWT_SECRET: {
      type: 'string',
      minLength: 32,
      'x-problem': 'AUTH_JWT_SECRET must be at least 32 characters',
    },
    /** ...or with a JWT verified against this JSON Web Key Set (e.g. your identity provider's). */
    AUTH_JWKS_URL: matching(/^https?:\/\/.+/, 'AUTH_JWKS_URL must be an http(s) URL'),
    /** When set, tokens must carry this issuer (`iss`). */
    AUTH_ISSUER: { type: 'string' },
    /** When set, tokens must carry this audience (`aud`). */
    AUTH_AUDIENCE: { type: 'string' },
    /** The bearer token of the /admin routes; without it they answer 403. */
    ADMIN_TOKEN: {
      type: 'string',
      minLength: 16,
      'x-problem': 'ADMIN_TOKEN must be at least 16 characters',
    },
    /** On SIGTERM, how long to wait for the turns in flight before closing anyway. */
    SHUTDOWN_TIMEOUT_MS: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0),
    /** Messages a uid may send per minute, on all transports together (0: no limit). */
    RATE_LIMIT_MESSAGES_PER_UID: int('RATE_LIMIT_MESSAGES_PER_UID', 120, 0),
    /** Messages one IP address may send per minute (0: no limit). */
    RATE_LIMIT_MESSAGES_PER_IP: int('RATE_LIMIT_MESSAGES_PER_IP', 1200, 0),
    /** New connections and interactions a uid may open per minute (0: no limit). */
    RATE_LIMIT_CONNECTIONS_PER_UID: int('RATE_LIMIT_CONNECTIONS_PER_UID', 30, 0),
    /** New connections and interactions one IP address may open per minute (0: no limit). */
    RATE_LIMIT_CONNECTIONS_PER_IP: int('RATE_LIMIT_CONNECTIONS_PER_IP', 300, 0),
    /**
     * Browser origins allowed on HTTP, socket.io and WebSocket, comma-separated; only these get credentialed
     * (cookie) CORS. Unset (or `*`): any origin, never with credentials.
     */
    CORS_ORIGINS: { type: 'string' },
    /** The socket.io namespace of the Rasa channel (rasa-webchat: `socketUrl: "https://<server>/rasa"`). */
    RASA_NAMESPACE: matching(
      /^\/[A-Za-z0-9_-]+$/,
      'RASA_NAMESPACE must be a socket.io namespace such as /rasa (letters, digits, _ and -)',
      '/rasa',
    ),
    /** How long a Direct Line token lives, in seconds; Web Chat refreshes it every 15 minutes. */
    DIRECTLINE_TOKEN_TTL_SECONDS: int('DIRECTLINE_TOKEN_TTL_SECONDS', 1800, 60, 86_400),
    /**
     * Direct Line streams one conversation may have open on this server at once (Web Chat opens one per tab);
     * one more is refused with a retryable 429 INTERACTION_BUSY.
     */
    DIRECTLINE_STREAMS_PER_CONVERSATION: int('DIRECTLINE_STREAMS_PER_CONVERSATION', 8, 1),
    /**
     * Which proxies in front of the server to believe about the client's address (X-Forwarded-For), so that
     * per-IP limits count clients, not the proxy: a number of hops (1 behind one nginx), or a comma-separated
     * list of addresses / CIDR ranges / `loopback`, `linklocal`, `uniquelocal`. Unset: no proxy is trusted.
     */
    TRUST_PROXY: matching(
      /^(\d{1,2}|[0-9A-Za-z.:/,\s-]+)$/,
      'TRUST_PROXY must be a number of hops (e.g. 1) or a comma-separated list of addresses, CIDR ranges or loopback / linklocal / uniquelocal',
    ),
    /**
     * `production` (the Docker image's) refuses published, placeholder or short secrets at boot
     * (SESSION_SECRET, ADMIN_TOKEN, AUTH_JWT_SECRET: 32 characters or more); JWT mode does too.
     */
    NODE_ENV: { type: 'string' },
    /**
     * The analytics count an interaction as abandoned at its activity once it has had no turn for this long:
     * a number and a unit, `s`, `m` or `h` (e.g. `30m`, `2h`).
     */
    ABANDONED_AFTER: matching(
      /^[1-9]\d{0,5}[smh]$/,
      'ABANDONED_AFTER must be a number and a unit, s, m or h (e.g. 30m, 45s, 2h)',
      '30m',
    ),
    LOG_LEVEL: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    LOG_FORMAT: oneOf('LOG_FORMAT', ['json', 'pretty'], 'pretty'),
  },
} as const satisfies InputSchema;

export type EnvironmentVariables = InputOf<typeof ENV_SCHEMA>;
export type LogLevel = EnvironmentVariables['LOG_LEVEL'];
