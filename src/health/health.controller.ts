import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { ProcessEngine } from '../processes/process-engine.service.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { RedisHealthIndicator } from './redis.health.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ProcessEngine,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /**
   * Liveness and readiness: 200 when the processes are loaded and the database answers, else 503 with the
   * report. With REDIS_URL, the report also says whether Redis is connected, without ever failing on it.
   */
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([
        () => this.database.check(),
        () =>
          this.indicators
            .check('processes')
            .up({ loaded: this.registry.list().map((p) => p.name) }),
        ...(this.redis.enabled ? [() => this.redis.check()] : []),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
