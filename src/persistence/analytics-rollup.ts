import type { DataSource, EntityManager } from 'typeorm';
import {
  LOCK_ROLLUP,
  POSTGRES_ROLLUP,
  rebuildStatements,
  ROLL_UP_QUEUED,
  SQLITE_ROLLUP,
  subtractStatements,
  TRY_LOCK_ROLLUP,
} from './analytics-rollup.sql.js';

const dialectOf = (manager: EntityManager) =>
  manager.connection.options.type === 'postgres' ? POSTGRES_ROLLUP : SQLITE_ROLLUP;

const isPostgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

/**
 * Postgres: adds the rollup's queue (the turns committed since) to the rollup, in the transaction `manager`
 * is in, or in one of its own. `wait`: for a reader of the rollup, which must see every committed turn counted
 * (it waits for a server adding the queue); otherwise nothing is done while one is (false is returned).
 * SQLite has no queue: its triggers add each turn as it is inserted.
 */
export async function rollUpQueued(manager: EntityManager, wait: boolean): Promise<boolean> {
  if (!isPostgres(manager)) return true;
  const run = async (tx: EntityManager) => {
    if (wait) await tx.query(LOCK_ROLLUP);
    else if (!((await tx.query(TRY_LOCK_ROLLUP)) as { locked: boolean }[])[0].locked) return false;
    await tx.query(ROLL_UP_QUEUED);
    return true;
  };
  return manager.queryRunner?.isTransactionActive === true
    ? run(manager)
    : manager.transaction(run);
}

/**
 * Takes interactions out of the analytics' rollup, in the transaction that deletes them and before their
 * turns go (it reads them): the counts they added, and their own rows; on Postgres, their turns still queued
 * (each statement reads the queue as it then is: a turn counts either in the rollup or in the queue).
 */
export async function takeOutOfRollup(
  manager: EntityManager,
  ids: readonly string[],
): Promise<void> {
  const postgres = isPostgres(manager);
  // (no server adds the queue meanwhile: what is queued stays so until the deletion commits)
  if (postgres) await manager.query(LOCK_ROLLUP);
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    // a statement names the ids more than once: numbered on Postgres, given again for each on SQLite
    const list = `(${chunk.map((_, n) => (postgres ? `$${n + 1}` : '?')).join(', ')})`;
    for (const sql of subtractStatements(dialectOf(manager), list, postgres)) {
      const times = postgres ? Math.min(1, sql.split(list).length - 1) : sql.split(list).length - 1;
      await manager.query(sql, Array.from({ length: times }, () => chunk).flat());
    }
  }
}

/**
 * Recomputes the whole rollup from the turn log, in one transaction (after turns were written by hand); on
 * Postgres the queue is emptied in it (the rebuild counts its turns).
 */
export function rebuildRollup(dataSource: DataSource): Promise<void> {
  return dataSource.transaction(async (manager) => {
    if (isPostgres(manager)) {
      await manager.query(LOCK_ROLLUP);
      await manager.query('DELETE FROM analytics_pending');
    }
    for (const sql of rebuildStatements(dialectOf(manager))) await manager.query(sql);
  });
}

/** Ids per statement (SQLite allows some 32,000 parameters, and a statement names them up to 4 times). */
const CHUNK = 500;
