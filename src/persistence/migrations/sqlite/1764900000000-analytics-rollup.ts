import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAnalyticsRollup, dropAnalyticsRollup } from '../analytics-rollup-schema.js';

/** The analytics' rollup (see analytics-rollup-schema). */
export class AnalyticsRollup1764900000000 implements MigrationInterface {
  name = 'AnalyticsRollup1764900000000';

  up(db: QueryRunner): Promise<void> {
    return addAnalyticsRollup(db, 'sqlite');
  }

  down(db: QueryRunner): Promise<void> {
    return dropAnalyticsRollup(db, 'sqlite');
  }
}
