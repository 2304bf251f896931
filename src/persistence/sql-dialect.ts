/**
 * The few ways the two databases differ for our statements. Statements are written once, in Postgres
 * style ($1, $2...), and rewritten for SQLite.
 */
export interface SqlDialect {
  readonly kind: 'postgres' | 'sqlite';
  /** The statement and its parameters as this database takes them. */
  bind(sql: string, params: readonly unknown[]): [string, unknown[]];
  /** A JSON column's value as read back (Postgres parses jsonb; SQLite stores text). */
  readJson<T>(value: unknown): T;
  /** A timestamp column's value as an ISO string. */
  readDate(value: unknown): string;
  /** What locks the selected interaction row until the transaction ends. */
  readonly lockRow: string;
}

export const postgresDialect: SqlDialect = {
  kind: 'postgres',
  bind: (sql, params) => [sql, [...params]],
  readJson: <T>(value: unknown) => value as T,
  readDate: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  lockRow: 'FOR UPDATE OF i',
};

const rewritten = new Map<string, { sql: string; order: number[] }>();

export const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  bind(sql, params) {
    let plan = rewritten.get(sql);
    if (plan === undefined) {
      const order: number[] = [];
      plan = {
        sql: sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')),
        order,
      };
      rewritten.set(sql, plan);
    }
    return [plan.sql, plan.order.map((i) => params[i])];
  },
  readJson: <T>(value: unknown) => (value === null ? null : JSON.parse(String(value))) as T,
  readDate: (value) => String(value),
  // SQLite has no row locks: a whole-database write transaction stands in for one.
  lockRow: '',
};
