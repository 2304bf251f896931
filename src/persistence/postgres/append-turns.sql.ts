import type { EntityMetadata } from 'typeorm';
import type { TurnRow } from '../turn-log.js';
import { binaryArray, type ElementType } from './binary-array.js';

/** The advisory lock class of interactions (the other key is the id's hash): any fixed number. */
export const INTERACTION_LOCK_CLASS = 1836;

/** Holds an interaction against the other servers' turns until the transaction ends (an exclusive turn). */
export const LOCK_INTERACTION = `SELECT pg_advisory_xact_lock(${INTERACTION_LOCK_CLASS}, hashtext($1))`;

/**
 * The batch's columns, in the order of the statement's parameters: each goes as one typed array. The turn's
 * own come first: a batch of turns that change nothing else sends only those (see `plain`).
 */
const COLUMNS = [
  ['interactionId', 'varchar'],
  ['seq', 'int'],
  ['messageId', 'varchar'],
  ['input', 'text'],
  ['reply', 'text'],
  ['activityBefore', 'varchar'],
  ['activityAfter', 'varchar'],
  ['outcome', 'varchar'],
  ['noIntent', 'int2'],
  ['state', 'text'],
  ['version', 'varchar'],
  ['kb', 'text'],
  ['status', 'varchar'],
  ['uid', 'varchar'],
  ['process', 'varchar'],
  ['knowledge', 'text'],
  ['processVersion', 'varchar'],
] as const satisfies readonly (readonly [keyof TurnRow, ElementType])[];

/**
 * One statement for a whole batch (one round trip, one commit): the turns go as typed arrays; each is
 * inserted unless its (interaction, seq) or (interaction, message id) is taken, or its interaction is held
 * by an exclusive turn (the shared lock is not waited for: one busy interaction never holds up a batch).
 * Only the inserted turns write the rest: a new interaction's row, a changed status, the user's knowledge.
 * RETURNING names the turns that committed. Table and column names come from the entities.
 */
export function appendTurnsStatement(
  turns: EntityMetadata,
  interactions: EntityMetadata,
  knowledge: EntityMetadata,
  options: {
    /** The transaction holds the interaction's lock itself (an exclusive turn): nothing to skip. */
    underLock: boolean;
    /** No turn of the batch starts an interaction, changes a status or saves knowledge (most batches). */
    plain: boolean;
  },
): string {
  const col = (meta: EntityMetadata, property: string) =>
    `"${meta.findColumnWithPropertyName(property)!.databaseName}"`;
  const t = (p: string) => col(turns, p);
  const i = (p: string) => col(interactions, p);
  const k = (p: string) => col(knowledge, p);
  const columns = options.plain ? COLUMNS.slice(0, TURN_COLUMNS) : COLUMNS;
  const values = columns.map(([, type], n) => `$${n + 1}::${type}[]`).join(', ');
  const names = columns.map(([property]) => property.toLowerCase()).join(', ');
  const now = `$${columns.length + 1}`;
  const insert = `
    INSERT INTO "${turns.tableName}" (${t('interactionId')}, ${t('seq')}, ${t('messageId')}, ${t('input')},
      ${t('reply')}, ${t('activityBefore')}, ${t('activityAfter')}, ${t('outcome')}, ${t('noIntent')},
      ${t('state')}, ${t('processVersion')}, ${t('kb')}, ${t('createdAt')})
    SELECT interactionid, seq, messageid, input, reply, activitybefore, activityafter, outcome, nointent,
      state, version, kb, ${now}
    FROM ${options.plain ? `unnest(${values}) AS v(${names})` : 'v'}
    ${
      // (a lock's own holder must not ask again: a waiting exclusive request would fail the try)
      options.underLock
        ? ''
        : `WHERE pg_try_advisory_xact_lock_shared(${INTERACTION_LOCK_CLASS}, hashtext(interactionid))`
    }
    ON CONFLICT DO NOTHING
    RETURNING ${t('interactionId')} AS id, ${t('seq')} AS seq`;
  if (options.plain) return insert;
  return `
  WITH v AS MATERIALIZED (SELECT * FROM unnest(${values}) AS v(${names})),
  ins AS (${insert}
  ),
  done AS (SELECT v.* FROM v JOIN ins ON ins.id = v.interactionid AND ins.seq = v.seq),
  created AS (
    INSERT INTO "${interactions.tableName}" (${i('id')}, ${i('uid')}, ${i('process')}, ${i('processVersion')},
      ${i('status')}, ${i('createdAt')}, ${i('updatedAt')})
    SELECT interactionid, uid, process, processversion, status, ${now}, ${now} FROM done
    WHERE processversion IS NOT NULL
  ),
  changed AS (
    UPDATE "${interactions.tableName}" i SET ${i('status')} = done.status, ${i('updatedAt')} = ${now}
    FROM done WHERE i.${i('id')} = done.interactionid AND done.status IS NOT NULL
      AND done.processversion IS NULL
  ),
  saved AS (
    INSERT INTO "${knowledge.tableName}" (${k('uid')}, ${k('process')}, ${k('knowledge')}, ${k('updatedAt')})
    SELECT uid, process, knowledge, ${now} FROM done WHERE knowledge IS NOT NULL
    ON CONFLICT (${k('uid')}, ${k('process')})
    DO UPDATE SET ${k('knowledge')} = excluded.${k('knowledge')}, ${k('updatedAt')} = excluded.${k('updatedAt')}
  )
  SELECT id, seq FROM ins`;
}

const TURN_COLUMNS = 12;

/** Whether the batch changes nothing but the turn log (then the `plain` statement writes it). */
export const isPlain = (rows: readonly TurnRow[]): boolean =>
  rows.every((r) => r.status === null && r.knowledge === null && r.processVersion === null);

/** The statement's parameters: one array per column (in the binary format), then the commit time. */
export function appendTurnsParams(
  rows: readonly TurnRow[],
  plain: boolean,
  now: string,
): unknown[] {
  const columns = plain ? COLUMNS.slice(0, TURN_COLUMNS) : COLUMNS;
  return [
    ...columns.map(([property, type]) =>
      binaryArray(
        type,
        rows.map((row) => row[property]),
      ),
    ),
    now,
  ];
}
