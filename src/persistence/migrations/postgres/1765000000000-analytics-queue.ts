import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DROP_POSTGRES_ROLLUP_QUEUE, POSTGRES_ROLLUP_QUEUE } from '../../analytics-rollup.sql.js';

/**
 * The analytics' rollup, added from a queue (see POSTGRES_ROLLUP_QUEUE): the turn log's trigger queues its
 * turns instead of adding them itself. Down adds what is queued, then puts the adding trigger back.
 */
export class AnalyticsQueue1765000000000 implements MigrationInterface {
  name = 'AnalyticsQueue1765000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const sql of POSTGRES_ROLLUP_QUEUE) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of DROP_POSTGRES_ROLLUP_QUEUE) await db.query(sql);
  }
}
