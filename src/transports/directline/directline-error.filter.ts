import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toClientError } from '../../common/client-errors.js';
import { MetricsService } from '../../metrics/metrics.service.js';

/**
 * Direct Line's errors: our error body, plus Direct Line's `{"error": {code, message}}`. A refused
 * token is 403, as Direct Line answers it: botframework-directlinejs takes 403 as "get a new token".
 */
@Catch()
export class DirectLineErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DirectLine');

  constructor(private readonly metrics: MetricsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { code, message, retryable, status: ours } = toClientError(exception);
    this.metrics.error(code);
    if (code === 'INTERNAL')
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    const status = code === 'AUTH_INVALID' ? 403 : ours;
    const response = host.switchToHttp().getResponse<Response>();
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response
      .status(status)
      .json({ statusCode: status, code, message, retryable, error: { code, message } });
  }
}
