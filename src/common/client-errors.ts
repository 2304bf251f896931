import { HttpException, HttpStatus } from '@nestjs/common';

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
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_TIMEOUT'
  | 'INTERACTION_BUSY'
  | 'SHUTTING_DOWN'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** An error as a client sees it: never a stack trace. */
export interface ClientError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** Whether sending the same request again later may succeed. */
  readonly retryable: boolean;
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
  DATABASE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  DATABASE_TIMEOUT: HttpStatus.SERVICE_UNAVAILABLE,
  INTERACTION_BUSY: HttpStatus.TOO_MANY_REQUESTS,
  SHUTTING_DOWN: HttpStatus.SERVICE_UNAVAILABLE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** A client error raised by the transports themselves (bad input). */
export class BadMessageError extends Error {
  readonly code = 'BAD_MESSAGE';
  readonly retryable = false;
}

/** Maps any error to what a client is told. The one place where codes become HTTP statuses. */
export function toClientError(error: unknown): ClientError {
  const coded = error as { code?: unknown; retryable?: unknown; message?: unknown } | null;
  if (error instanceof Error && typeof coded?.code === 'string' && coded.code in STATUS) {
    const code = coded.code as ErrorCode;
    const retryable = coded.retryable === true;
    // A non-retryable NLU failure (a bug in an adapter) is the process's fault, like a callback's.
    const status =
      code === 'NLU_FAILED' && !retryable ? HttpStatus.UNPROCESSABLE_ENTITY : STATUS[code];
    return { status, code, message: error.message, retryable };
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
