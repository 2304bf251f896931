/** How the two databases differ for the analytics: placeholders and the time between two ISO timestamps. */
export interface Dialect {
  readonly placeholder: (n: number) => string;
  /** Milliseconds from `from` to `to`, both ISO-8601 text columns. */
  readonly millis: (from: string, to: string) => string;
  /**
   * Nearest-rank percentiles (the smallest value with at least that fraction of the values at or below it)
   * of `ms` per `a` in a relation: rows (activity, figure, value).
   */
  readonly percentiles: (relation: string, figures: [string, number][]) => string;
  /** The turns of the interactions in `i`, each with its window (see turnWindow) over its interaction. */
  readonly perInteraction: (window: (over: string) => string) => string;
}

export const POSTGRES: Dialect = {
  // Interaction by interaction, along the analytics index: no sort of the whole log for the window.
  perInteraction: (window) =>
    `SELECT x.* FROM i CROSS JOIN LATERAL (${window('')} WHERE t.interaction_id = i.id) x`,
  placeholder: (n) => `$${n}`,
  millis: (from, to) =>
    `(extract(epoch from (${to}::timestamptz - ${from}::timestamptz)) * 1000)::bigint`,
  percentiles: (relation, figures) =>
    figures
      .map(
        ([figure, fraction]) =>
          `SELECT a, '${figure}', percentile_disc(${fraction}) WITHIN GROUP (ORDER BY ms) FROM ${relation} GROUP BY a`,
      )
      .join(' UNION ALL '),
};

/** Set for the analytics' transaction on Postgres: its sorts and hashes fit in memory at a million turns. */
export const POSTGRES_SESSION = `SET LOCAL work_mem = '64MB'`;

export const SQLITE: Dialect = {
  perInteraction: (window) =>
    `${window('PARTITION BY t.interaction_id')} WHERE t.interaction_id IN (SELECT id FROM i)`,
  placeholder: () => '?',
  millis: (from, to) =>
    `CAST(round((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)`,
  // SQLite has no percentile aggregate: the value at rank ceil(fraction * n) of each activity's values.
  percentiles: (relation, figures) =>
    figures
      .map(
        ([figure, fraction]) =>
          `SELECT a, '${figure}', MAX(ms) FROM (SELECT a, ms, ROW_NUMBER() OVER (PARTITION BY a ORDER BY ms) AS rn,
            COUNT(*) OVER (PARTITION BY a) AS n FROM ${relation}) r
           WHERE rn = (${fraction * 10} * n + 9) / 10 GROUP BY a`,
      )
      .join(' UNION ALL '),
};

/** Each turn of an interaction with, from its window over the interaction (`over`), when the activity it leaves was entered and whether a turn follows. */
const turnWindow =
  (first: string) =>
  (over: string): string => `
    SELECT t.interaction_id AS iid, t.seq, t.activity_after AS a, COALESCE(t.activity_before, ${first}) AS b,
      t.outcome, t.no_intent, t.created_at AS at,
      MAX(CASE WHEN t.seq = 1 OR t.activity_after <> t.activity_before THEN t.created_at END)
        OVER (${over} ORDER BY t.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS entered,
      LEAD(t.seq) OVER (${over} ORDER BY t.seq) AS next_seq
    FROM turns t`;

export interface AnalyticsParams {
  readonly process: string;
  readonly version?: string;
  /** ISO-8601: interactions started at or after `from` and before `to`. */
  readonly from: string;
  readonly to: string;
  /** The process's first activity: where a visit starts before the welcome turn. */
  readonly first: string;
  /** ISO-8601: an interaction whose last turn is older than this is abandoned where it stands. */
  readonly abandonedBefore: string;
}

/** One figure: per activity (`activity` set) or for the process (`activity` null). */
export interface FigureRow {
  readonly activity: string | null;
  readonly figure: string;
  readonly value: number | string | null;
}

/**
 * The whole analytics as one statement, the same text on both databases but for the dialect. A visit to an
 * activity starts at the turn that reached it (the welcome turn for the first activity) and ends at the next
 * turn that reached another one: one pass over the turns in their key's order finds, for each turn that moves,
 * when the activity it leaves was entered. The last turn says where the interaction stands now. Percentiles
 * are nearest-rank (the median of 4 values is the 2nd). Returns (activity, figure, value) rows.
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
  let scope = `i.process = ${p(params.process)}`;
  if (params.version !== undefined) scope += ` AND i.process_version = ${p(params.version)}`;
  scope += ` AND i.created_at >= ${p(params.from)} AND i.created_at < ${p(params.to)}`;
  const first = p(params.first);
  const sql = `
  WITH i AS (
    SELECT i.id, i.status, i.created_at, i.updated_at FROM interactions i WHERE ${scope}
  ),
  w AS (${dialect.perInteraction(turnWindow(first))}),
  entries AS (
    SELECT a, iid FROM w WHERE seq = 1 OR a <> b
    UNION ALL
    SELECT b, iid FROM w WHERE seq = 1 AND a <> b
  ),
  closed AS (
    SELECT b AS a, ${dialect.millis('COALESCE(entered, at)', 'at')} AS ms FROM w WHERE a <> b
  ),
  standing AS (
    SELECT w.a, CASE
      WHEN i.status = 'completed' THEN 'completed'
      WHEN i.status IN ('held', 'handoff') THEN 'waiting'
      WHEN w.at < ${p(params.abandonedBefore)} THEN 'abandoned'
      ELSE 'waiting' END AS state
    FROM w JOIN i ON i.id = w.iid WHERE w.next_seq IS NULL
  ),
  to_complete AS (
    SELECT NULL AS a, ${dialect.millis('created_at', 'updated_at')} AS ms FROM i WHERE status = 'completed'
  )
  SELECT a AS activity, 'reached' AS figure, COUNT(*) AS value
    FROM (SELECT a, iid FROM entries GROUP BY a, iid) e GROUP BY a
  UNION ALL
  SELECT a, state, COUNT(*) FROM standing GROUP BY a, state
  UNION ALL
  ${dialect.percentiles('closed', [
    ['median_ms', 0.5],
    ['p90_ms', 0.9],
  ])}
  UNION ALL
  SELECT b, 'refused', COUNT(*) FROM w WHERE outcome = 'stayed' GROUP BY b
  UNION ALL
  SELECT b, 'no_intent', COUNT(*) FROM w WHERE no_intent = 1 GROUP BY b
  UNION ALL
  SELECT f.activity, 'failed', COUNT(*) FROM step_failures f JOIN i ON i.id = f.interaction_id
    WHERE f.code = 'STEP_FAILED' GROUP BY f.activity
  UNION ALL
  SELECT NULL, 'started', COUNT(*) FROM i
  UNION ALL
  SELECT NULL, 'completed', COUNT(*) FROM i WHERE status = 'completed'
  UNION ALL
  ${dialect.percentiles('to_complete', [['median_to_complete_ms', 0.5]])}`;
  return { sql, values };
}
