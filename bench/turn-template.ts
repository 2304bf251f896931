import type pg from 'pg';

/** A row as pg reads it: column name to value. */
export type Columns = Record<string, unknown>;

/**
 * Real rows of the bench's counter process as the server wrote them in this run (its welcome, its seq 2 and 3,
 * and its interaction's row), so that what the bench writes itself (the database ceiling, the preload) looks
 * like what the server writes, whatever the columns are today.
 */
export interface Template {
  readonly turns: readonly [Columns, Columns, Columns];
  readonly interaction: Columns;
}

export async function readTemplate(client: pg.Client): Promise<Template> {
  const { rows: picked } = await client.query<{ id: string }>(
    'SELECT interaction_id AS id FROM turns WHERE seq = 3 LIMIT 1',
  );
  if (picked.length === 0)
    throw new Error('no interaction with three turns to copy: the load before wrote none');
  const { rows: turns } = await client.query<Columns>(
    'SELECT * FROM turns WHERE interaction_id = $1 AND seq <= 3 ORDER BY seq',
    [picked[0].id],
  );
  const { rows: interactions } = await client.query<Columns>(
    'SELECT * FROM interactions WHERE id = $1',
    [picked[0].id],
  );
  return { turns: turns as unknown as Template['turns'], interaction: interactions[0] };
}

/**
 * Turn `seq` of a counter interaction: the welcome as it was; a later turn as seq 2 with the counter's
 * numbers moved on (the reply's seq, `count <n>`, the counter in the reply and the state, the load's message
 * `m<n>` and its id `<client>-<n>`). `checkTemplate` compares seq 3 made so with the real one.
 */
export function turnAt(template: Template, seq: number): Columns {
  if (seq === 1) return { ...template.turns[0] };
  const swaps: [string, string][] = [
    ['"seq":2', `"seq":${seq}`],
    ['"counter":1', `"counter":${seq - 1}`],
    ['count 1"', `count ${seq - 1}"`],
    ['"m0"', `"m${seq - 2}"`],
  ];
  const out: Columns = {};
  for (const [column, value] of Object.entries(template.turns[1])) {
    if (column === 'seq') out[column] = seq;
    else if (column === 'message_id' && typeof value === 'string')
      out[column] = value.replace(/-0$/, `-${seq - 2}`);
    else if (typeof value === 'string')
      out[column] = swaps.reduce((text, [from, to]) => text.split(from).join(to), value);
    else out[column] = value;
  }
  return out;
}

/** The columns (time and interaction aside) in which seq 3 made by `turnAt` differs from the server's own. */
export function checkTemplate(template: Template): string[] {
  const made = turnAt(template, 3);
  return Object.entries(template.turns[2])
    .filter(([column]) => column !== 'created_at' && column !== 'interaction_id')
    .filter(([column, value]) => made[column] !== value)
    .map(([column]) => column);
}
