import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisLink } from '../redis/redis-link.service.js';

/**
 * Whether replies currently reach the other servers. Informational: it stays "up" while Redis is down,
 * because this server still serves its own clients, and a load balancer should keep sending them.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly link: RedisLink,
  ) {}

  get enabled(): boolean {
    return this.link.enabled;
  }

  check() {
    return this.indicators.check('redis').up({ connected: this.link.connected });
  }
}
