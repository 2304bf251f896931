import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, type ErrorCode } from './app-error.js';

export type { ErrorCode } from './app-error.js';

/** An error as a client sees it: never a stack trace. */
export interface ClientError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean;
  /** For a retryable error: when to try again, in whole seconds (HTTP's Retry-After). */
  readonly retryAfterSeconds?: number;
}

/** The errors this project raises carry a code (and sometimes retryable); a client error for them is below. */
const STATUS: Record<ErrorCode, number> = {
  BAD_MESSAGE: HttpStatus.BAD_REQUEST,
  UID_REQUIRED: HttpStatus.UNAUTHORIZED,
  SESSION_REQUIRED: HttpStatus.UNAUTHORIZED,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  AUTH_REQUIRED: HttpStatus.UNAUTHORIZED,
  AUTH_INVALID: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  CONFIG_INVALID: HttpStatus.UNPROCESSABLE_ENTITY,
  INTERACTION_NOT_FOUND: HttpStatus.NOT_FOUND,
  UNKNOWN_PROCESS: HttpStatus.NOT_FOUND,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  STEP_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  NLU_FAILED: HttpStatus.SERVICE_UNAVAILABLE,
  ACTIVITY_NOT_FOUND: HttpStatus.CONFLICT,
  PROCESS_UNAVAILABLE: HttpStatus.CONFLICT,
  CONCURRENT_TURN: HttpStatus.CONFLICT,
  TAKEOVER_STATE: HttpStatus.CONFLICT,
  DATABASE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  DATABASE_TIMEOUT: HttpStatus.SERVICE_UNAVAILABLE,
  INTERACTION_BUSY: HttpStatus.TOO_MANY_REQUESTS,
  SHUTTING_DOWN: HttpStatus.SERVICE_UNAVAILABLE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** A client error raised by the transports themselves (bad input). */
export class BadMessageError extends AppError {
  readonly code = 'BAD_MESSAGE';
}

/** A browser page from an origin that CORS_ORIGINS does not list. */
export class ForbiddenOriginError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(origin: string) {
    super(`the origin ${origin} is not allowed: add it to CORS_ORIGINS`);
  }
}

/** A retryable error that does not say when: try again after a second. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Maps any error to what a client is told. The one place where codes become HTTP statuses. */
export function toClientError(error: unknown): ClientError {
  if (error instanceof AppError) {
    const { code, retryable, message } = error;
    // A non-retryable NLU failure (a bug in an adapter) is the process's fault, like a callback's.
    const status =
      code === 'NLU_FAILED' && !retryable ? HttpStatus.UNPROCESSABLE_ENTITY : STATUS[code];
    if (!retryable) return { status, code, message, retryable };
    const retryAfterSeconds = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    return { status, code, message, retryable, retryAfterSeconds };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const byStatus: Partial<Record<number, ErrorCode>> = {
      [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
      [HttpStatus.UNAUTHORIZED]: 'UNAUTHORIZED',
      [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
    };
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      return {
        status,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'the body is too large',
        retryable: false,
      };
    }
    const code = byStatus[status];
    if (code !== undefined) return { status, code, message: error.message, retryable: false };
    if (status < 500) {
      // Express's body parser throws a SyntaxError for a body that is not JSON.
      const message =
        error.cause instanceof SyntaxError
          ? `the body is not valid JSON (${error.message})`
          : error.message;
      return { status, code: 'BAD_MESSAGE', message, retryable: false };
    }
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error', retryable: false };
}

/** The JSON body of an HTTP error (when to retry goes in the Retry-After header). */
export const httpBody = ({ status, code, message, retryable }: ClientError) => ({
  statusCode: status,
  code,
  message,
  retryable,
});
