import { Injectable, Logger } from '@nestjs/common';
import { type ClientError, toClientError } from '../common/client-errors.js';
import { MetricsService } from './metrics.service.js';

/**
 * The one place where a failure becomes what a client is told (code, message, retryable, when to retry), on
 * every transport and in the HTTP exception filter: it is counted by code, and an INTERNAL one is logged with
 * its stack (in the server log only; the client gets "internal error").
 */
@Injectable()
export class ErrorReporter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly metrics: MetricsService) {}

  report(error: unknown): ClientError {
    const client = toClientError(error);
    this.metrics.error(client.code);
    if (client.code === 'INTERNAL') {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    return client;
  }
}
