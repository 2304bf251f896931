import { createHash } from 'node:crypto';
import pg from 'pg';
import { LOCK_ROLLUP, ROLL_UP_QUEUED } from '../src/persistence/analytics-rollup.sql.js';
import { type Columns, type Template, turnAt } from './turn-template.js';

export interface Preloaded {
  turns: number;
  interactions: number;
  ms: number;
  /** One preloaded interaction (the middle one), whose transcript the bench asks for. */
  sample: { id: string; uid: string; turns: number };
}

/** The id of preloaded interaction n: a UUID from md5, as Postgres's `md5(...)::uuid::text` spells it. */
const idOf = (n: number) =>
  createHash('md5')
    .update(`stored-${n}`)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const ID_SQL = `md5('stored-' || n)::uuid::text`;
/** About five interactions per uid, as users come back. */
const uidSql = (uids: number) => `'stored-' || (n % ${uids})`;
const uidOf = (n: number, uids: number) => `stored-${n % uids}`;

/**
 * Fills a migrated database with `turns` turns of `interactions` interactions of the counter process, rows
 * like the server's own (`template`, seq by seq), with one bulk INSERT ... SELECT per table (as
 * bench/analytics.ts does): the interactions started over the 30 days before now, each a few seconds long,
 * the turns spread evenly over them. Then VACUUM ANALYZE and a checkpoint, as a database that has been
 * running would be, so that the load after it meets a settled database.
 */
export async function preload(
  databaseUrl: string,
  template: Template,
  turns: number,
  interactions: number,
): Promise<Preloaded> {
  const started = performance.now();
  const per = Math.floor(turns / interactions);
  const rest = turns % interactions;
  const longest = per + (rest > 0 ? 1 : 0);
  const uids = Math.max(1, Math.ceil(interactions / 5));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const types = async (table: string) =>
      new Map(
        (
          await client.query<{ name: string; type: string }>(
            `SELECT column_name AS name, udt_name AS type FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1`,
            [table],
          )
        ).rows.map((r) => [r.name, r.type]),
      );
    const base = Date.now() / 1000 - 30 * 86_400;
    const step = (30 * 86_400 - 3600) / interactions;
    const at = (extra: string) =>
      `to_char(to_timestamp(${base} + n * ${step}${extra}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

    // The interactions: the template's row with its own id, uid and times.
    const interactionTypes = await types('interactions');
    const iColumns = Object.keys(template.interaction);
    const iValues: unknown[] = [];
    const iSelect = iColumns.map((c) => {
      if (c === 'id') return ID_SQL;
      if (c === 'uid') return uidSql(uids);
      if (c === 'created_at' || c === 'updated_at') return at('');
      iValues.push(template.interaction[c]);
      return `$${iValues.length}::${interactionTypes.get(c)}`;
    });
    await client.query(
      `INSERT INTO interactions (${iColumns.map((c) => `"${c}"`).join(', ')})
       SELECT ${iSelect.join(', ')} FROM generate_series(1, ${interactions}) AS n`,
      iValues,
    );

    // The turns: seq by seq as the template makes them (one array per column), for every interaction.
    const turnTypes = await types('turns');
    const bySeq: Columns[] = Array.from({ length: longest }, (_, s) => turnAt(template, s + 1));
    const tColumns = Object.keys(template.turns[0]);
    const carried = tColumns.filter((c) => c !== 'interaction_id' && c !== 'created_at');
    const tValues = carried.map((c) => bySeq.map((row) => row[c]));
    const arrays = carried.map((c, k) => `$${k + 1}::${turnTypes.get(c)}[]`).join(', ');
    const tSelect = tColumns.map((c) =>
      c === 'interaction_id' ? ID_SQL : c === 'created_at' ? at(' + t.seq * 2') : `t."${c}"`,
    );
    const inserted = await client.query(
      `INSERT INTO turns (${tColumns.map((c) => `"${c}"`).join(', ')})
       SELECT ${tSelect.join(', ')}
       FROM generate_series(1, ${interactions}) AS n,
         unnest(${arrays}) AS t(${carried.map((c) => `"${c}"`).join(', ')})
       WHERE t.seq <= ${per} + CASE WHEN n <= ${rest} THEN 1 ELSE 0 END`,
      tValues,
    );
    // The analytics' rollup of them (their trigger queued them), as a server would add it.
    await client.query('BEGIN');
    await client.query(LOCK_ROLLUP);
    await client.query(ROLL_UP_QUEUED);
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
    // a superuser's right: without it the load after may meet the checkpoint of the preload's WAL
    await client.query('CHECKPOINT').catch(() => undefined);
    const n = Math.ceil(interactions / 2);
    return {
      turns: inserted.rowCount ?? 0,
      interactions,
      ms: Math.round(performance.now() - started),
      sample: { id: idOf(n), uid: uidOf(n, uids), turns: per + (n <= rest ? 1 : 0) },
    };
  } finally {
    await client.end();
  }
}
