/** The database's connection pool, where it has one. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/**
 * What the metrics need of the database: its pool's figures, null where there is no pool (SQLite).
 * Persistence provides it (MetricsService.watchPool); the metrics never import persistence.
 */
export interface PoolFigures {
  poolStats(): PoolStats | null;
}
