import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorReporter } from '../../metrics/error-reporter.js';
import { httpBody } from '../../common/client-errors.js';

/** Every HTTP error leaves as {statusCode, code, message, retryable} (and Retry-After); never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly errors: ErrorReporter) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = this.errors.report(exception);
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(error.status).json(httpBody(error));
  }
}
