import { Global, Module } from '@nestjs/common';
import { ErrorReporter } from './error-reporter.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** The server's metrics, and the one place where a failure is counted and told (ErrorReporter). */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, ErrorReporter],
  exports: [MetricsService, ErrorReporter],
})
export class MetricsModule {}
