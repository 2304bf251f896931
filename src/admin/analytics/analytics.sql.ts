/** How the two databases differ for the analytics: their placeholders. */
export interface Dialect {
  readonly placeholder: (n: number) => string;
}

export const POSTGRES: Dialect = { placeholder: (n) => `$${n}` };
export const SQLITE: Dialect = { placeholder: () => '?' };

export interface AnalyticsParams {
  readonly process: string;
  readonly version?: string;
  /** UTC days (YYYY-MM-DD): interactions started on `fromDay` or later and before `toDay`. */
  readonly fromDay: string;
  readonly toDay: string;
  /** ISO-8601: an interaction whose last turn is older than this is abandoned where it stands. */
  readonly abandonedBefore: string;
}

/**
 * One figure: per activity (`activity` set) or for the process (`activity` null), with `n` interactions,
 * turns or visits; for a time, `value` is the time (to three significant digits) that `n` of them took.
 */
export interface FigureRow {
  readonly activity: string | null;
  readonly figure: string;
  readonly value: number | string;
  readonly n: number | string;
}

/**
 * The whole analytics as one statement, the same text on both databases but for the dialect: the rollup's
 * counts of the days in range (see analytics-rollup.sql), and where the interactions started in range stand
 * now, with their times to complete (their progress rows, by activity, standing and time). Reads a few rows
 * per activity and day, and one narrow row per interaction in range: never the turn log.
 */
export function analyticsStatement(
  dialect: Dialect,
  params: AnalyticsParams,
): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (value: unknown): string => {
    values.push(value);
    return dialect.placeholder(values.length);
  };
  // (in the order of the text: SQLite's placeholders are positional)
  const scope = (alias: string) =>
    `${alias}.process = ${p(params.process)}` +
    (params.version === undefined ? '' : ` AND ${alias}.version = ${p(params.version)}`) +
    ` AND ${alias}.day >= ${p(params.fromDay)} AND ${alias}.day < ${p(params.toDay)}`;
  const sql = `
  SELECT activity, figure, value, SUM(n) AS n FROM analytics_counts c WHERE ${scope('c')}
    GROUP BY activity, figure, value
  UNION ALL
  SELECT activity, CASE
      WHEN status = 'completed' THEN 'completed'
      WHEN status IN ('held', 'handoff') THEN 'waiting'
      WHEN last_turn_at < ${p(params.abandonedBefore)} THEN 'abandoned'
      ELSE 'waiting' END, COALESCE(complete_ms, 0), COUNT(*)
    FROM analytics_progress p WHERE ${scope('p')} GROUP BY 1, 2, 3
  UNION ALL
  SELECT f.activity, 'failed', 0, COUNT(*) FROM step_failures f
    JOIN analytics_progress p ON p.interaction_id = f.interaction_id
    WHERE f.code = 'STEP_FAILED' AND ${scope('p')} GROUP BY f.activity`;
  return { sql, values };
}
