import type { DataSource, EntityManager } from 'typeorm';
import {
  POSTGRES_ROLLUP,
  rebuildStatements,
  SQLITE_ROLLUP,
  subtractStatements,
} from './analytics-rollup.sql.js';

const dialectOf = (manager: EntityManager) =>
  manager.connection.options.type === 'postgres' ? POSTGRES_ROLLUP : SQLITE_ROLLUP;

/**
 * Takes interactions out of the analytics' rollup, in the transaction that deletes them and before their
 * turns go (it reads them): the counts they added, and their own rows.
 */
export async function takeOutOfRollup(
  manager: EntityManager,
  ids: readonly string[],
): Promise<void> {
  const postgres = manager.connection.options.type === 'postgres';
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    // a statement names the ids more than once: numbered on Postgres, given again for each on SQLite
    const list = `(${chunk.map((_, n) => (postgres ? `$${n + 1}` : '?')).join(', ')})`;
    for (const sql of subtractStatements(dialectOf(manager), list)) {
      const times = postgres ? Math.min(1, sql.split(list).length - 1) : sql.split(list).length - 1;
      await manager.query(sql, Array.from({ length: times }, () => chunk).flat());
    }
  }
}

/** Recomputes the whole rollup from the turn log, in one transaction (after turns were written by hand). */
export function rebuildRollup(dataSource: DataSource): Promise<void> {
  return dataSource.transaction(async (manager) => {
    for (const sql of rebuildStatements(dialectOf(manager))) await manager.query(sql);
  });
}

/** Ids per statement (SQLite allows some 32,000 parameters, and a statement names them up to 4 times). */
const CHUNK = 500;
