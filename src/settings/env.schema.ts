import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting the server reads from the environment, with its default. The README's settings
 * table lists the same names; `loadSettings` is the only reader of process.env.
 */
export class EnvironmentVariables {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsString()
  @MinLength(1)
  CONFIG_DIR = './config';

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]+$/, {
    message: 'DEFAULT_PROCESS must be the name of a folder in CONFIG_DIR',
  })
  DEFAULT_PROCESS?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  CALLBACK_TIMEOUT_MS = 10_000;

  /** The Python that runs callbacks.py / my_callbacks.py (the original project's callbacks). */
  @IsString()
  @MinLength(1)
  PYTHON = 'python3';

  /**
   * At most this many Python workers per Python callbacks file: one runs one callback at a time, and one
   * more is started only while all are busy.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  PYTHON_WORKERS = 2;

  /** The largest process folder kept as a version (every version is stored whole in the database). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  PROCESS_VERSION_MAX_BYTES = 5_000_000;

  /** Where older process versions are written out to run (one folder per version; safe to delete). */
  @IsString()
  @MinLength(1)
  VERSIONS_CACHE_DIR = './data/process-versions';

  /** How often a server looks in the database for versions another server published (0: never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  VERSIONS_POLL_MS = 2_000;
  /**
   * "true": watch CONFIG_DIR and reload the processes when a file in it changes, as POST /admin/processes/reload
   * does (`npm run dev` sets it); a broken edit is logged and the processes that were live stay live.
   */
  @IsIn(['true', 'false'], { message: 'WATCH_CONFIG must be "true" or "false"' })
  WATCH_CONFIG = 'false';

  /** A Postgres URL; without it the server keeps its data in an embedded SQLite file. */
  @IsOptional()
  @Matches(POSTGRES_URL, {
    message: 'DATABASE_URL must be a postgres:// URL (or unset for the embedded SQLite file)',
  })
  DATABASE_URL?: string = undefined;

  @IsString()
  @MinLength(1)
  SQLITE_PATH = './data/mmcc.sqlite';

  /**
   * A Redis server shared by several servers, so that a reply reaches every socket.io client of an
   * interaction whichever server each is on; without it, replies reach this server's clients only.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL (or unset for a single server)',
  })
  REDIS_URL?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DB_POOL_SIZE = 10;

  /**
   * How many interactions each server keeps in memory, so that their turns need no read before the write;
   * the cache also holds at most 100 times as many message ids (long transcripts weigh more).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  INTERACTION_CACHE_SIZE = 10_000;

  /**
   * Postgres: the longest a statement may run, waiting for a row lock included; over it the turn is
   * refused with a retryable DATABASE_TIMEOUT and nothing changes (0: no limit).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 5_000;

  /**
   * Turns of one interaction that may wait in this server behind the one running; more are refused at
   * once with a retryable INTERACTION_BUSY, so a stuck interaction cannot pile up work.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  TURN_QUEUE_LIMIT = 32;

  /**
   * The built-in NLU reads only the first this many characters of a text (the intent and the entities found
   * there); the rest stays in the transcript and reaches no callback as NLU data. Its work grows with the text.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NLU_MAX_TEXT_CHARS = 1000;

  /**
   * Worker threads where the built-in NLU reads long texts, so that the event loop stays free for everyone
   * else (0: on the event loop).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(64)
  NLU_WORKER_THREADS = 1;

  /** The largest HTTP body (and, with the transports, frame) accepted, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  MAX_BODY_BYTES = 65_536;

  /**
   * The largest socket.io or WebSocket frame read at all; a larger frame closes the connection. Messages
   * between MAX_BODY_BYTES and this size get a BAD_MESSAGE error and the connection stays up.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  SOCKET_MAX_FRAME_BYTES = 1_048_576;

  /** Signs the session cookie of the reference's REST endpoints; random per boot when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SESSION_SECRET must be at least 16 characters' })
  SESSION_SECRET?: string = undefined;

  /** End users prove their uid with an HS256 JWT signed with this secret (its `sub` is the uid). */
  @IsOptional()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  @IsString()
  AUTH_JWT_SECRET?: string = undefined;

  /** ...or with a JWT verified against this JSON Web Key Set (e.g. your identity provider's). */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string = undefined;

  /** When set, tokens must carry this issuer (`iss`). */
  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string = undefined;

  /** When set, tokens must carry this audience (`aud`). */
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string = undefined;

  /** The bearer token of the /admin routes; without it they answer 403. */
  @IsOptional()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  @IsString()
  ADMIN_TOKEN?: string = undefined;

  /** On SIGTERM, how long to wait for the turns in flight before closing anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Messages a uid may send per minute, on all transports together (0: no limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_MESSAGES_PER_UID = 120;

  /** Messages one IP address may send per minute (0: no limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_MESSAGES_PER_IP = 1200;

  /** New connections and interactions a uid may open per minute (0: no limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_CONNECTIONS_PER_UID = 30;

  /** New connections and interactions one IP address may open per minute (0: no limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RATE_LIMIT_CONNECTIONS_PER_IP = 300;

  /**
   * Browser origins allowed on HTTP, socket.io and WebSocket, comma-separated; only these get credentialed
   * (cookie) CORS. Unset (or `*`): any origin, never with credentials.
   */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string = undefined;

  /** The socket.io namespace of the Rasa channel (rasa-webchat: `socketUrl: "https://<server>/rasa"`). */
  @Matches(/^\/[A-Za-z0-9_-]+$/, {
    message:
      'RASA_NAMESPACE must be a socket.io namespace such as /rasa (letters, digits, _ and -)',
  })
  RASA_NAMESPACE = '/rasa';

  /** How long a Direct Line token lives, in seconds; Web Chat refreshes it every 15 minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  DIRECTLINE_TOKEN_TTL_SECONDS = 1800;

  /**
   * Direct Line streams one conversation may have open on this server at once (Web Chat opens one per tab);
   * one more is refused with a retryable 429 INTERACTION_BUSY.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DIRECTLINE_STREAMS_PER_CONVERSATION = 8;

  /**
   * Which proxies in front of the server to believe about the client's address (X-Forwarded-For), so that
   * per-IP limits count clients, not the proxy: a number of hops (1 behind one nginx), or a comma-separated
   * list of addresses / CIDR ranges / `loopback`, `linklocal`, `uniquelocal`. Unset: no proxy is trusted.
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9A-Za-z.:/,\s-]+)$/, {
    message:
      'TRUST_PROXY must be a number of hops (e.g. 1) or a comma-separated list of addresses, CIDR ranges or loopback / linklocal / uniquelocal',
  })
  TRUST_PROXY?: string = undefined;

  /**
   * `production` (the Docker image's) refuses published, placeholder or short secrets at boot
   * (SESSION_SECRET, ADMIN_TOKEN, AUTH_JWT_SECRET: 32 characters or more); JWT mode does too.
   */
  @IsOptional()
  @IsString()
  NODE_ENV?: string = undefined;

  /**
   * The analytics count an interaction as abandoned at its activity once it has had no turn for this long:
   * a number and a unit, `s`, `m` or `h` (e.g. `30m`, `2h`).
   */
  @Matches(/^[1-9]\d{0,5}[smh]$/, {
    message: 'ABANDONED_AFTER must be a number and a unit, s, m or h (e.g. 30m, 45s, 2h)',
  })
  ABANDONED_AFTER = '30m';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'pretty';
}
