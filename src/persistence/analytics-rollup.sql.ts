/**
 * The analytics' rollup: what the turn log adds up to, kept as it is written, so that the analytics read a few
 * hundred counter rows instead of every turn. Three tables:
 * - `analytics_counts`: per process, version, UTC day the interaction started, activity, figure and value, a
 *   count `n`. Figures: `reached` (interactions that entered the activity, each once), `refused` (turns that
 *   stayed), `no_intent`, `landed` (the welcome turn reached it) and `visit_ms` (a visit that ended, its time
 *   to three significant digits as the value).
 * - `analytics_reached`: which activities each interaction has entered (so `reached` counts it once).
 * - `analytics_progress`: per interaction, its keys and status (and time to complete), where it stands,
 *   since when, and its latest turn.
 * A trigger on the turn log adds every inserted turn (a statement's turns at once on Postgres, each turn on
 * SQLite), so every writer of turns is counted the same way; one on interactions follows their status. The same statements, over a whole log, rebuild
 * the rollup, and with the opposite sign take out interactions that are deleted.
 */
export interface RollupDialect {
  /** Milliseconds from `from` to `to`, both ISO-8601 text. */
  readonly millis: (from: string, to: string) => string;
  /** `INSERT ... SELECT` needs a WHERE before an upsert's ON CONFLICT on SQLite (a parsing ambiguity). */
  readonly upsertWhere: string;
}

export const POSTGRES_ROLLUP: RollupDialect = {
  millis: (from, to) =>
    `(extract(epoch from (${to}::timestamptz - ${from}::timestamptz)) * 1000)::bigint`,
  upsertWhere: '',
};

export const SQLITE_ROLLUP: RollupDialect = {
  millis: (from, to) =>
    `CAST(round((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER)`,
  upsertWhere: 'WHERE true',
};

/** A time in milliseconds to three significant digits (exact below 1 s): the same text on both databases. */
export function threeDigits(ms: string): string {
  const steps = [1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
  const cases = steps
    .map(
      (limit) =>
        `WHEN ${ms} < ${limit} THEN CAST(round(${ms} * 1.0 / ${limit / 1000}) * ${limit / 1000} AS BIGINT)`,
    )
    .join(' ');
  return `CASE WHEN ${ms} < 1000 THEN ${ms} ${cases} ELSE ${ms} END`;
}

/**
 * The turns of `relation` (columns of the turn log: whole logs of interactions) with their interaction's keys
 * and, per turn, when the activity it leaves was entered (by an earlier turn of the relation).
 */
function walked(relation: string): string {
  return `(
    SELECT t.interaction_id AS iid, t.seq, t.activity_before AS b, t.activity_after AS a, t.outcome,
      t.no_intent, t.created_at AS at, i.process, i.process_version AS version,
      substr(i.created_at, 1, 10) AS day, t.entry, i.status, i.created_at AS started_at, i.updated_at,
      COALESCE(MAX(CASE WHEN t.entry = 1 THEN t.created_at END) OVER (PARTITION BY t.interaction_id ORDER BY t.seq
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), NULL) AS entered,
      ROW_NUMBER() OVER (PARTITION BY t.interaction_id ORDER BY t.seq DESC) AS from_last
    FROM (SELECT r.*, CASE WHEN r.activity_before IS NULL OR r.activity_after <> r.activity_before
        THEN 1 ELSE 0 END AS entry FROM ${relation} r) t
    JOIN interactions i ON i.id = t.interaction_id
  ) w`;
}

/** The figures a turn can add to, but for `reached`: joined to each turn on when it adds to them. */
const FIGURES = `(SELECT 'visit_ms' AS figure UNION ALL SELECT 'refused' UNION ALL SELECT 'no_intent'
  UNION ALL SELECT 'landed') f`;

/** Adds `sign` times what the turns of `relation` count to analytics_counts, but for `reached`: one pass. */
function countStatement(dialect: RollupDialect, relation: string, sign: 1 | -1): string {
  const ms = dialect.millis('w.entered', 'w.at');
  return `
  INSERT INTO analytics_counts (process, version, day, activity, figure, value, n)
  SELECT process, version, day, CASE f.figure WHEN 'landed' THEN a ELSE b END, f.figure,
    CASE f.figure WHEN 'visit_ms' THEN ${threeDigits(ms)} ELSE 0 END, ${sign} * COUNT(*)
  FROM ${walked(relation)} JOIN ${FIGURES} ON
    (f.figure = 'visit_ms' AND w.entry = 1 AND w.b IS NOT NULL AND w.entered IS NOT NULL)
    OR (f.figure = 'refused' AND w.outcome = 'stayed')
    OR (f.figure = 'no_intent' AND w.no_intent = 1 AND w.b IS NOT NULL)
    OR (f.figure = 'landed' AND w.b IS NULL)
  ${dialect.upsertWhere} GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (process, version, day, activity, figure, value) DO UPDATE SET n = analytics_counts.n + excluded.n`;
}

/** Counts once each (interaction, activity) the turns enter. */
function reachedStatement(relation: string, sign: 1 | -1): string {
  return `
  INSERT INTO analytics_counts (process, version, day, activity, figure, value, n)
  SELECT process, version, day, a, 'reached', 0, ${sign} * COUNT(*) FROM (
    SELECT DISTINCT iid, process, version, day, a FROM ${walked(relation)} WHERE entry = 1
  ) e WHERE true GROUP BY process, version, day, a
  ON CONFLICT (process, version, day, activity, figure, value) DO UPDATE SET n = analytics_counts.n + excluded.n`;
}

function rememberReached(relation: string): string {
  return `
  INSERT INTO analytics_reached (interaction_id, activity)
  SELECT DISTINCT iid, a FROM ${walked(relation)} WHERE entry = 1
  ON CONFLICT DO NOTHING`;
}

/** An interaction's time to complete, to three significant digits, from its row (`prefix`: its alias). */
const completeMs = (dialect: RollupDialect, status: string, started: string, updated: string) =>
  `CASE WHEN ${status} = 'completed' THEN ${threeDigits(dialect.millis(started, updated))} END`;

function progressStatement(dialect: RollupDialect, relation: string): string {
  return `
  INSERT INTO analytics_progress (interaction_id, process, version, day, status, complete_ms, activity,
    since, last_turn_at)
  SELECT iid, process, version, day, status, ${completeMs(dialect, 'status', 'started_at', 'updated_at')}, a,
    CASE WHEN entry = 1 THEN at ELSE entered END, at FROM ${walked(relation)}
  WHERE from_last = 1
  ON CONFLICT (interaction_id) DO UPDATE SET status = excluded.status, complete_ms = excluded.complete_ms,
    activity = excluded.activity, since = excluded.since, last_turn_at = excluded.last_turn_at`;
}

/** What an interaction's status trigger runs: its progress row follows its status (`row`: NEW). */
const statusStatement = (dialect: RollupDialect, row: string) => `
  UPDATE analytics_progress SET status = ${row}.status,
    complete_ms = ${completeMs(dialect, `${row}.status`, `${row}.created_at`, `${row}.updated_at`)}
  WHERE interaction_id = ${row}.id`;

/** The statements that rebuild the whole rollup from the turn log. */
export function rebuildStatements(dialect: RollupDialect): string[] {
  return [
    'DELETE FROM analytics_counts',
    'DELETE FROM analytics_reached',
    'DELETE FROM analytics_progress',
    countStatement(dialect, 'turns', 1),
    reachedStatement('turns', 1),
    rememberReached('turns'),
    progressStatement(dialect, 'turns'),
  ];
}

/**
 * The statements that take the interactions whose ids `ids` (a parenthesised SQL list of placeholders) names
 * out of the rollup, before their turns are deleted: the counts they added, then their own rows. `queued`
 * (Postgres): their turns still in the rollup's queue added nothing, and leave the queue unadded.
 */
export function subtractStatements(dialect: RollupDialect, ids: string, queued = false): string[] {
  const added = queued
    ? ` AND NOT EXISTS (SELECT 1 FROM analytics_pending q
        WHERE q.interaction_id = t.interaction_id AND q.seq = t.seq)`
    : '';
  const theirs = `(SELECT * FROM turns t WHERE interaction_id IN ${ids}${added})`;
  return [
    countStatement(dialect, theirs, -1),
    reachedStatement(theirs, -1),
    'DELETE FROM analytics_counts WHERE n = 0',
    `DELETE FROM analytics_reached WHERE interaction_id IN ${ids}`,
    `DELETE FROM analytics_progress WHERE interaction_id IN ${ids}`,
    ...(queued ? [`DELETE FROM analytics_pending WHERE interaction_id IN ${ids}`] : []),
  ];
}

/** The rollup's tables, the same on both databases. */
export const CREATE_ROLLUP_TABLES = [
  `CREATE TABLE "analytics_counts" ("process" varchar(200) NOT NULL, "version" varchar(64) NOT NULL,
    "day" varchar(10) NOT NULL, "activity" varchar(200) NOT NULL, "figure" varchar(16) NOT NULL,
    "value" bigint NOT NULL, "n" bigint NOT NULL,
    PRIMARY KEY ("process", "version", "day", "activity", "figure", "value"))`,
  `CREATE TABLE "analytics_reached" ("interaction_id" varchar(36) NOT NULL, "activity" varchar(200) NOT NULL,
    PRIMARY KEY ("interaction_id", "activity"))`,
  `CREATE TABLE "analytics_progress" ("interaction_id" varchar(36) PRIMARY KEY NOT NULL,
    "process" varchar(200) NOT NULL, "version" varchar(64) NOT NULL, "day" varchar(10) NOT NULL,
    "status" varchar(16) NOT NULL, "complete_ms" bigint, "activity" varchar(200) NOT NULL,
    "since" varchar(32), "last_turn_at" varchar(32) NOT NULL)`,
  `CREATE INDEX "analytics_progress_process_day" ON "analytics_progress" ("process", "day")`,
];

export const DROP_ROLLUP_TABLES = [
  'analytics_progress',
  'analytics_reached',
  'analytics_counts',
].map((table) => `DROP TABLE "${table}"`);

/**
 * Postgres: what turns add, as one statement (`turns`: a relation of them; `before`: CTEs it needs first):
 * an insert's (`new_turns`, what the trigger added until the queue came) or the queue's. They are walked
 * once (an interaction the rollup knows is read from its progress row, a new one from its row), the
 * activities they enter are remembered and those first entered counted as reached (what the insert
 * returns), with the other figures, and each interaction's progress row is written. Agrees with
 * rebuildStatements (the analytics' test checks the rollup the queue kept against a rebuild).
 */
function postgresAddTurns(turns = 'new_turns', before = ''): string {
  const ms = threeDigits(POSTGRES_ROLLUP.millis('w.entered', 'w.at'));
  return `
  WITH ${before}w AS MATERIALIZED (
    SELECT t.interaction_id AS iid, t.activity_before AS b, t.activity_after AS a, t.outcome, t.no_intent,
      t.created_at AS at, t.entry, p.interaction_id IS NOT NULL AS known,
      COALESCE(p.process, i.process) AS process, COALESCE(p.version, i.version) AS version,
      COALESCE(p.day, i.day) AS day, COALESCE(i.status, 'active') AS status, i.started_at, i.updated_at,
      COALESCE(MAX(CASE WHEN t.entry = 1 THEN t.created_at END) OVER (PARTITION BY t.interaction_id
        ORDER BY t.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), p.since) AS entered,
      ROW_NUMBER() OVER (PARTITION BY t.interaction_id ORDER BY t.seq DESC) AS from_last
    FROM (SELECT n.*, CASE WHEN n.activity_before IS NULL OR n.activity_after <> n.activity_before
        THEN 1 ELSE 0 END AS entry FROM ${turns} n) t
    LEFT JOIN analytics_progress p ON p.interaction_id = t.interaction_id
    LEFT JOIN LATERAL (SELECT process, process_version AS version, substr(created_at, 1, 10) AS day, status,
        created_at AS started_at, updated_at FROM interactions
      WHERE id = t.interaction_id AND p.interaction_id IS NULL) i ON true
    -- (a turn of no interaction, which only a hand-written row can be, counts nowhere)
    WHERE p.interaction_id IS NOT NULL OR i.process IS NOT NULL
  ),
  fresh AS (
    INSERT INTO analytics_reached (interaction_id, activity)
    SELECT DISTINCT iid, a FROM w WHERE entry = 1 ON CONFLICT DO NOTHING RETURNING interaction_id, activity
  ),
  counted AS (
    INSERT INTO analytics_counts (process, version, day, activity, figure, value, n)
    SELECT process, version, day, activity, figure, value, COUNT(*) FROM (
      SELECT process, version, day, CASE f.figure WHEN 'landed' THEN a ELSE b END AS activity, f.figure,
        CASE f.figure WHEN 'visit_ms' THEN ${ms} ELSE 0 END AS value
      FROM w JOIN ${FIGURES} ON
        (f.figure = 'visit_ms' AND w.entry = 1 AND w.b IS NOT NULL AND w.entered IS NOT NULL)
        OR (f.figure = 'refused' AND w.outcome = 'stayed')
        OR (f.figure = 'no_intent' AND w.no_intent = 1 AND w.b IS NOT NULL)
        OR (f.figure = 'landed' AND w.b IS NULL)
      UNION ALL
      SELECT w.process, w.version, w.day, fresh.activity, 'reached', 0
      FROM fresh JOIN w ON w.iid = fresh.interaction_id AND w.from_last = 1
    ) d GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (process, version, day, activity, figure, value) DO UPDATE SET n = analytics_counts.n + excluded.n
  )
  INSERT INTO analytics_progress (interaction_id, process, version, day, status, complete_ms, activity,
    since, last_turn_at)
  SELECT iid, process, version, day, status, ${completeMs(POSTGRES_ROLLUP, 'status', 'started_at', 'updated_at')},
    a, CASE WHEN entry = 1 THEN at ELSE entered END, at FROM w WHERE from_last = 1
  ON CONFLICT (interaction_id) DO UPDATE SET activity = excluded.activity, since = excluded.since,
    last_turn_at = excluded.last_turn_at`;
}

export const POSTGRES_ROLLUP_TRIGGER = [
  `CREATE FUNCTION analytics_add_turns() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${postgresAddTurns()};
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER "analytics_turns" AFTER INSERT ON "turns" REFERENCING NEW TABLE AS new_turns
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_add_turns()`,
  `CREATE FUNCTION analytics_follow_status() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${statusStatement(POSTGRES_ROLLUP, 'NEW')};
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER "analytics_status" AFTER UPDATE OF "status", "updated_at" ON "interactions"
    FOR EACH ROW EXECUTE FUNCTION analytics_follow_status()`,
];

export const DROP_POSTGRES_ROLLUP_TRIGGER = [
  `DROP TRIGGER "analytics_status" ON "interactions"`,
  `DROP FUNCTION analytics_follow_status()`,
  `DROP TRIGGER "analytics_turns" ON "turns"`,
  `DROP FUNCTION analytics_add_turns()`,
];

/** The columns of a turn that the rollup reads, in the turn log and in its queue. */
const QUEUED_COLUMNS = [
  'interaction_id',
  'seq',
  'activity_before',
  'activity_after',
  'outcome',
  'no_intent',
  'created_at',
].join(', ');

/**
 * Postgres: the rollup's queue. Adding a statement's turns to the rollup as they were inserted took a third
 * of a turn's database CPU, on the path of every reply; now the turn log's trigger only queues what the
 * rollup reads of each turn, and the queue is added to the rollup a second at a time by the servers
 * (`rollUpQueued`, one server at a time), and at once by whatever reads the rollup (the analytics, an
 * export, an erase), so that no reader sees a count behind.
 */
export const POSTGRES_ROLLUP_QUEUE = [
  `CREATE TABLE "analytics_pending" ("interaction_id" varchar(36) NOT NULL, "seq" integer NOT NULL,
    "activity_before" varchar(200), "activity_after" varchar(200), "outcome" varchar(16),
    "no_intent" smallint, "created_at" varchar(32) NOT NULL)`,
  `CREATE OR REPLACE FUNCTION analytics_add_turns() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO analytics_pending (${QUEUED_COLUMNS}) SELECT ${QUEUED_COLUMNS} FROM new_turns;
    RETURN NULL;
  END $$`,
];

/** The advisory lock of the rollup's queue (its class; the other key is 1): one server adds it at a time. */
export const ROLLUP_LOCK_CLASS = 1837;
export const LOCK_ROLLUP = `SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, 1)`;
export const TRY_LOCK_ROLLUP = `SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, 1) AS locked`;

/**
 * Takes every committed turn out of the queue and adds them to the rollup, in one statement (under the
 * lock, so that an interaction's turns are added in the order they were written): the statement the
 * trigger ran, over the queued turns instead of one insert's.
 */
export const ROLL_UP_QUEUED = postgresAddTurns(
  'taken',
  'taken AS (DELETE FROM analytics_pending RETURNING *),\n  ',
);

/** Back to the trigger that adds each insert's turns itself, once the queue is added (the migration's down). */
export const DROP_POSTGRES_ROLLUP_QUEUE = [
  LOCK_ROLLUP,
  ROLL_UP_QUEUED,
  POSTGRES_ROLLUP_TRIGGER[0].replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
  'DROP TABLE "analytics_pending"',
];

/**
 * SQLite: triggers per inserted turn, each on the kind of turn it counts (a `WHEN` that does not hold costs
 * next to nothing): the same counts as the statements above, one row at a time, read by key. The analytics'
 * test checks that they and a rebuild from the log agree.
 */
function sqliteTriggers(): string[] {
  const add = (figure: string, activity: string, value: string, from: string, where: string) => `
    INSERT INTO analytics_counts (process, version, day, activity, figure, value, n)
    SELECT process, version, day, ${activity}, '${figure}', ${value}, 1 FROM ${from} WHERE ${where}
    ON CONFLICT (process, version, day, activity, figure, value) DO UPDATE SET n = analytics_counts.n + 1`;
  const mine = `analytics_progress p WHERE p.interaction_id = NEW.interaction_id`;
  const interaction = `(SELECT i.process, i.process_version AS version, substr(i.created_at, 1, 10) AS day,
    i.status, i.created_at, i.updated_at FROM interactions i WHERE i.id = NEW.interaction_id) i`;
  const fresh = `NOT EXISTS (SELECT 1 FROM analytics_reached r
    WHERE r.interaction_id = NEW.interaction_id AND r.activity = NEW.activity_after)`;
  const reached = (from: string) => [
    add('reached', 'NEW.activity_after', '0', from, fresh),
    `INSERT INTO analytics_reached (interaction_id, activity) VALUES (NEW.interaction_id, NEW.activity_after)
      ON CONFLICT DO NOTHING`,
  ];
  const trigger = (name: string, when: string, statements: string[]) =>
    `CREATE TRIGGER "${name}" AFTER INSERT ON "turns" WHEN ${when} BEGIN
      ${statements.join(';\n')};
    END`;
  const moved = 'NEW.activity_before IS NOT NULL AND NEW.activity_after <> NEW.activity_before';
  const ms = threeDigits(SQLITE_ROLLUP.millis('p.since', 'NEW.created_at'));
  return [
    trigger('analytics_turn_first', 'NEW.activity_before IS NULL', [
      add('landed', 'NEW.activity_after', '0', interaction, 'true'),
      ...reached(interaction),
      `INSERT INTO analytics_progress (interaction_id, process, version, day, status, complete_ms, activity,
        since, last_turn_at)
      SELECT NEW.interaction_id, process, version, day, status,
        ${completeMs(SQLITE_ROLLUP, 'status', 'created_at', 'updated_at')}, NEW.activity_after,
        NEW.created_at, NEW.created_at FROM ${interaction} WHERE true
      ON CONFLICT (interaction_id) DO UPDATE SET activity = excluded.activity, since = excluded.since,
        last_turn_at = excluded.last_turn_at`,
    ]),
    trigger('analytics_turn_moved', moved, [
      add(
        'visit_ms',
        'NEW.activity_before',
        ms,
        'analytics_progress p',
        `p.interaction_id = NEW.interaction_id AND p.since IS NOT NULL`,
      ),
      ...reached(`(SELECT * FROM ${mine}) p`),
      `UPDATE analytics_progress SET activity = NEW.activity_after, since = NEW.created_at,
        last_turn_at = NEW.created_at WHERE interaction_id = NEW.interaction_id`,
    ]),
    trigger(
      'analytics_turn_stayed',
      `NEW.activity_before IS NOT NULL AND NEW.activity_after = NEW.activity_before`,
      [
        `UPDATE analytics_progress SET last_turn_at = NEW.created_at WHERE interaction_id = NEW.interaction_id`,
      ],
    ),
    trigger('analytics_turn_refused', `NEW.outcome = 'stayed'`, [
      add(
        'refused',
        'NEW.activity_before',
        '0',
        'analytics_progress p',
        'p.interaction_id = NEW.interaction_id',
      ),
    ]),
    trigger('analytics_turn_no_intent', 'NEW.no_intent = 1 AND NEW.activity_before IS NOT NULL', [
      add(
        'no_intent',
        'NEW.activity_before',
        '0',
        'analytics_progress p',
        'p.interaction_id = NEW.interaction_id',
      ),
    ]),
  ];
}

const SQLITE_TURN_TRIGGERS = ['first', 'moved', 'stayed', 'refused', 'no_intent'].map(
  (kind) => `analytics_turn_${kind}`,
);

export const SQLITE_ROLLUP_TRIGGER = [
  ...sqliteTriggers(),
  `CREATE TRIGGER "analytics_status" AFTER UPDATE OF "status", "updated_at" ON "interactions" BEGIN
    ${statusStatement(SQLITE_ROLLUP, 'NEW')};
  END`,
];

export const DROP_SQLITE_ROLLUP_TRIGGER = [
  `DROP TRIGGER "analytics_status"`,
  ...SQLITE_TURN_TRIGGERS.map((name) => `DROP TRIGGER "${name}"`),
];
