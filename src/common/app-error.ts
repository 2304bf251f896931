/** Every error code a client can receive, on every transport. */
export type ErrorCode =
  | 'BAD_MESSAGE'
  | 'UID_REQUIRED'
  | 'SESSION_REQUIRED'
  | 'UNAUTHORIZED'
  | 'AUTH_REQUIRED'
  | 'AUTH_INVALID'
  | 'FORBIDDEN'
  | 'CONFIG_INVALID'
  | 'INTERACTION_NOT_FOUND'
  | 'UNKNOWN_PROCESS'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'STEP_FAILED'
  | 'NLU_FAILED'
  | 'ACTIVITY_NOT_FOUND'
  | 'PROCESS_UNAVAILABLE'
  | 'CONCURRENT_TURN'
  | 'TAKEOVER_STATE'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_TIMEOUT'
  | 'INTERACTION_BUSY'
  | 'SHUTTING_DOWN'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/**
 * The base of every error this project raises for a client to see: a code from the one table (the compiler
 * checks it), whether the same request may succeed later, and if so after how many seconds. Plain TypeScript,
 * so that the pure engine can raise them too.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean = false;
  /** For a retryable error: when to try again, in whole seconds. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
