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
  private lastDatabaseWarning = 0;

  constructor(private readonly metrics: MetricsService) {}

  report(error: unknown): ClientError {
    const client = toClientError(error);
    this.metrics.error(client.code);
    if (client.code === 'INTERNAL') {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    } else if (client.code === 'DATABASE_UNAVAILABLE') {
      this.warnAboutDatabase(error);
    }
    return client;
  }

  /** Why the database is unavailable (down, dropped, no schema), for the operator: once per 10 s at most. */
  private warnAboutDatabase(error: unknown): void {
    const now = Date.now();
    if (now - this.lastDatabaseWarning < 10_000) return;
    this.lastDatabaseWarning = now;
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof Error ? cause.message : String(cause ?? '');
    this.logger.warn({ msg: `the database is unavailable: ${why}`, code: 'DATABASE_UNAVAILABLE' });
  }
}
