import type { DataSourceOptions } from 'typeorm';
import type { Settings } from '../settings/settings.js';
import { Initial1763900000000 as PostgresInitial } from './migrations/postgres/1763900000000-initial.js';
import { Initial1763900000000 as SqliteInitial } from './migrations/sqlite/1763900000000-initial.js';
import { TurnLog1764600000000 as PostgresTurnLog } from './migrations/postgres/1764600000000-turn-log.js';
import { TurnLog1764600000000 as SqliteTurnLog } from './migrations/sqlite/1764600000000-turn-log.js';
import { ProcessVersions1764700000000 as PostgresProcessVersions } from './migrations/postgres/1764700000000-process-versions.js';
import { ProcessVersions1764700000000 as SqliteProcessVersions } from './migrations/sqlite/1764700000000-process-versions.js';
import { TurnAnalytics1764800000000 as PostgresTurnAnalytics } from './migrations/postgres/1764800000000-turn-analytics.js';
import { TurnAnalytics1764800000000 as SqliteTurnAnalytics } from './migrations/sqlite/1764800000000-turn-analytics.js';
import { AnalyticsRollup1764900000000 as PostgresAnalyticsRollup } from './migrations/postgres/1764900000000-analytics-rollup.js';
import { AnalyticsRollup1764900000000 as SqliteAnalyticsRollup } from './migrations/sqlite/1764900000000-analytics-rollup.js';
import { AnalyticsQueue1765000000000 as PostgresAnalyticsQueue } from './migrations/postgres/1765000000000-analytics-queue.js';
import { ENTITIES } from './entities/index.js';

export type DatabaseSettings = Pick<
  Settings,
  'DATABASE_URL' | 'SQLITE_PATH' | 'DB_POOL_SIZE' | 'DB_STATEMENT_TIMEOUT_MS'
>;

/**
 * The one place that decides the database: Postgres when DATABASE_URL is set, otherwise the embedded
 * SQLite file. Shared by the app, the migrate command and the tests. Migrations are run by
 * runMigrations (never `synchronize`).
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  if (settings.DATABASE_URL !== undefined) {
    return {
      type: 'postgres',
      url: settings.DATABASE_URL,
      applicationName: 'mmcc-backend',
      entities: ENTITIES,
      migrations: [
        PostgresInitial,
        PostgresTurnLog,
        PostgresProcessVersions,
        PostgresTurnAnalytics,
        PostgresAnalyticsRollup,
        PostgresAnalyticsQueue,
      ],
      synchronize: false,
      extra: {
        max: settings.DB_POOL_SIZE,
        connectionTimeoutMillis: 5_000,
        // A startup parameter of every connection: no extra statement per turn.
        ...(settings.DB_STATEMENT_TIMEOUT_MS > 0
          ? { statement_timeout: settings.DB_STATEMENT_TIMEOUT_MS }
          : {}),
      },
    };
  }
  return {
    type: 'better-sqlite3',
    database: settings.SQLITE_PATH,
    entities: ENTITIES,
    migrations: [
      SqliteInitial,
      SqliteTurnLog,
      SqliteProcessVersions,
      SqliteTurnAnalytics,
      SqliteAnalyticsRollup,
    ],
    synchronize: false,
    enableWAL: true,
    timeout: 5_000,
  };
}
