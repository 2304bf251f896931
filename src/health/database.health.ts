import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InteractionStore } from '../interactions/interaction-store.js';

/** Readiness of the database: a trivial query answered within two seconds. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly store: InteractionStore,
  ) {}

  check() {
    return this.indicators
      .check('database')
      .attempt(() => this.store.ping())
      .withTimeout(2_000);
  }
}
