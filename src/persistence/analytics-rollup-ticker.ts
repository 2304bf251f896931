import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rollUpQueued } from './analytics-rollup.js';

/** How often a server adds the rollup's queue to the rollup (readers add it themselves first, at once). */
export const ROLLUP_INTERVAL_MS = 1_000;

/**
 * On Postgres, adds the rollup's queue (the turns committed since) to the analytics' rollup every second,
 * off the turns' path: one server at a time (the others skip that second), never more than one run of its
 * own at once. A failed run (the database away) is logged once, and the next one takes the queue as it is.
 */
@Injectable()
export class AnalyticsRollupTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AnalyticsRollupTicker.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    if (this.dataSource.options.type !== 'postgres') return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, ROLLUP_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await rollUpQueued(this.dataSource.manager, false);
      if (this.failing) this.logger.log({ msg: 'the analytics rollup is added again' });
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        this.logger.warn({
          msg: 'could not add the analytics queue to the rollup (the next second tries again)',
          error: String(error),
        });
      this.failing = true;
    }
  }
}
