import { randomUUID } from 'node:crypto';
import hdr from 'hdr-histogram-js';
import pg from 'pg';
import type { TurnOutcome } from '../src/interactions/model/interaction.model.js';
import {
  appendTurnsParams,
  appendTurnsStatement,
} from '../src/persistence/postgres/append-turns.sql.js';
import type { TurnRow } from '../src/persistence/turn-log.js';
import { withEntities } from './database.js';
import { postgresCpu, postgresCpuSince } from './proc.js';
import { type Template, turnAt } from './turn-template.js';

export interface CeilingFigures {
  rows: number;
  rowsPerSecond: number;
  p50ms: number;
  p99ms: number;
  dbCpuMsPer1000Rows: number;
  check: string;
}

/**
 * The database ceiling: the turn log's append alone, no server. The server's own statement for a batch that
 * only appends turns (`appendTurnsStatement`, plain, as a prepared statement like the server's), from this
 * process, one batch in flight like the server's: `batch` interactions, each batch one more turn of each
 * (rows like the server's, from `template`, of interactions stored as the server's are). First `warmupMs`,
 * then `durationMs` measured; the database's CPU is counted as for the server's rows (its backends on this
 * database and its auxiliary processes), over every row, warm-up included.
 */
export async function databaseCeiling(
  databaseUrl: string,
  template: Template,
  batch: number,
  durationMs: number,
  warmupMs: number,
): Promise<CeilingFigures> {
  const statement = await withEntities(databaseUrl, async ({ turns, interactions, knowledge }) => {
    const column = (property: string) => turns.findColumnWithPropertyName(property)!.databaseName;
    return {
      name: 'mmcc_append_turns_plain',
      text: appendTurnsStatement(turns, interactions, knowledge, { underLock: false, plain: true }),
      column,
    };
  });
  const { column } = statement;
  const ids = Array.from({ length: batch }, () => randomUUID());
  const rowAt = (interactionId: string, seq: number): TurnRow => {
    const v = turnAt(template, seq);
    const text = (property: string) => v[column(property)] as string | null;
    return {
      interactionId,
      seq,
      messageId: text('messageId'),
      input: text('input'),
      reply: text('reply')!,
      activityBefore: text('activityBefore'),
      activityAfter: text('activityAfter')!,
      outcome: text('outcome') as TurnOutcome,
      noIntent: v[column('noIntent')] as number | null,
      state: text('state')!,
      version: text('processVersion')!,
      kb: text('kb'),
      status: null,
      uid: 'bench-ceiling',
      process: String(template.interaction.process),
      knowledge: null,
      processVersion: null,
    };
  };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // The rows' interactions exist, as the server's do: the turn log's trigger (the analytics' rollup) does for
  // these turns what it does for the server's (for turns of no interaction it would count nothing).
  const columns = Object.keys(template.interaction);
  for (const id of ids)
    await client.query(
      `INSERT INTO interactions (${columns.map((c) => `"${c}"`).join(', ')})
       VALUES (${columns.map((_, n) => `$${n + 1}`).join(', ')})`,
      columns.map((c) => (c === 'id' ? id : template.interaction[c])),
    );
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const dbBefore = await postgresCpu(databaseUrl);
  const started = performance.now() + warmupMs;
  const until = started + durationMs;
  let rows = 0;
  let measured = 0;
  let missing = 0;
  // seq 1 is the welcome, which goes with its interaction's row: the plain batches start at 2
  for (let seq = 2; performance.now() < until; seq += 1) {
    const batchRows = ids.map((id) => rowAt(id, seq));
    const t0 = performance.now();
    const { rows: written } = await client.query({
      name: statement.name,
      text: statement.text,
      values: appendTurnsParams(batchRows, true, new Date().toISOString()),
    });
    rows += batchRows.length;
    missing += batchRows.length - written.length;
    if (t0 >= started) {
      histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      measured += batchRows.length;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const dbCpu = postgresCpuSince(dbBefore, await postgresCpu(databaseUrl));
  const { rows: stored } = await client.query<{ n: number }>(
    'SELECT COUNT(*)::int AS n FROM turns WHERE interaction_id = ANY($1)',
    [ids],
  );
  await client.end();
  return {
    rows,
    rowsPerSecond: Math.round(measured / seconds),
    p50ms: histogram.getValueAtPercentile(50) / 1000,
    p99ms: histogram.getValueAtPercentile(99) / 1000,
    dbCpuMsPer1000Rows: Math.round((dbCpu * 10_000) / rows) / 10,
    check:
      missing === 0 && stored[0].n === rows
        ? `ok (${rows} appended = stored)`
        : `MISMATCH: ${rows} appended, ${rows - missing} returned, ${stored[0].n} stored`,
  };
}
