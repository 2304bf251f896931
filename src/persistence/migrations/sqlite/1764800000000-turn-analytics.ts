import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addTurnAnalytics, dropTurnAnalytics } from '../turn-analytics-schema.js';

/** What the analytics and the console read from the turn log (see turn-analytics-schema). */
export class TurnAnalytics1764800000000 implements MigrationInterface {
  name = 'TurnAnalytics1764800000000';

  up(db: QueryRunner): Promise<void> {
    return addTurnAnalytics(db, `json_extract("reply", '$.activity')`);
  }

  down(db: QueryRunner): Promise<void> {
    return dropTurnAnalytics(db);
  }
}
