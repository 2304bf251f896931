import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toClientError } from './client-errors.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** Every HTTP error leaves as {statusCode, code, message, retryable}; never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly metrics: MetricsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toClientError(exception);
    this.metrics.error(error.code);
    if (error.code === 'INTERNAL') {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(error.status).json({
      statusCode: error.status,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
    });
  }
}
