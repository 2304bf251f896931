import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StepFailures } from '../../interactions/step-failures.js';
import { rollUpQueued } from '../../persistence/analytics-rollup.js';
import {
  analyticsStatement,
  type AnalyticsParams,
  type FigureRow,
  POSTGRES,
  SQLITE,
} from './analytics.sql.js';

/**
 * The analytics' SQL on the app's database (either one), and the failed steps they count, recorded as they
 * happen (after the refusal: nothing is held while it is written, and a lost row only costs a count).
 */
@Injectable()
export class AnalyticsRepository implements OnModuleInit {
  private readonly logger = new Logger(AnalyticsRepository.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly failures: StepFailures,
  ) {}

  onModuleInit(): void {
    this.failures.failed.subscribe(({ interaction, activity, code }) => {
      this.dataSource
        .query(
          `INSERT INTO step_failures (id, interaction_id, activity, code, created_at) VALUES (${this.slots(5)})`,
          [randomUUID(), interaction, activity, code, new Date().toISOString()],
        )
        .catch((error: unknown) =>
          this.logger.warn({ msg: 'could not record a failed step', error: String(error) }),
        );
    });
  }

  /** The figures, with every turn committed so far counted (what is queued for the rollup is added first). */
  async figures(params: AnalyticsParams): Promise<FigureRow[]> {
    const postgres = this.dataSource.options.type === 'postgres';
    const { sql, values } = analyticsStatement(postgres ? POSTGRES : SQLITE, params);
    await rollUpQueued(this.dataSource.manager, true);
    return this.dataSource.query(sql, values);
  }

  private slots(n: number): string {
    const postgres = this.dataSource.options.type === 'postgres';
    return Array.from({ length: n }, (_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
  }
}
