import type { QueryRunner } from 'typeorm';
import {
  CREATE_ROLLUP_TABLES,
  DROP_POSTGRES_ROLLUP_TRIGGER,
  DROP_ROLLUP_TABLES,
  DROP_SQLITE_ROLLUP_TRIGGER,
  POSTGRES_ROLLUP,
  POSTGRES_ROLLUP_TRIGGER,
  rebuildStatements,
  SQLITE_ROLLUP,
  SQLITE_ROLLUP_TRIGGER,
} from '../analytics-rollup.sql.js';
import { TURNS_ANALYTICS_INDEX } from './turn-analytics-schema.js';

const DIALECTS = {
  postgres: {
    rollup: POSTGRES_ROLLUP,
    triggers: POSTGRES_ROLLUP_TRIGGER,
    drop: DROP_POSTGRES_ROLLUP_TRIGGER,
  },
  sqlite: {
    rollup: SQLITE_ROLLUP,
    triggers: SQLITE_ROLLUP_TRIGGER,
    drop: DROP_SQLITE_ROLLUP_TRIGGER,
  },
};

/**
 * The analytics' rollup (see analytics-rollup.sql): its tables, filled from the turn log so far, and its
 * triggers. The analytics no longer read the turn log: its covering index goes (one write less per turn).
 */
export async function addAnalyticsRollup(
  db: QueryRunner,
  kind: keyof typeof DIALECTS,
): Promise<void> {
  const { rollup, triggers } = DIALECTS[kind];
  await db.query(`DROP INDEX "turns_analytics"`);
  for (const sql of [...CREATE_ROLLUP_TABLES, ...rebuildStatements(rollup), ...triggers])
    await db.query(sql);
}

export async function dropAnalyticsRollup(
  db: QueryRunner,
  kind: keyof typeof DIALECTS,
): Promise<void> {
  for (const sql of [...DIALECTS[kind].drop, ...DROP_ROLLUP_TABLES]) await db.query(sql);
  await db.query(TURNS_ANALYTICS_INDEX);
}
