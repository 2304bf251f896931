import type { Input } from '../engine/index.js';
import type { InteractionRecord, StoredReply, TranscriptEntry } from './interaction.records.js';
import type { SqlDialect } from './sql-dialect.js';

export type Row = Record<string, unknown>;

/** The transcript columns, aliased t_* so that they can sit beside an interaction's in one row. */
export const ENTRY_COLUMNS = `t.seq AS t_seq, t.message_id AS t_message_id, t.input AS t_input, t.reply AS t_reply,
  t.activity_before AS t_activity_before, t.activity_after AS t_activity_after, t.created_at AS t_created_at`;

export function toInteraction(row: Row, { readJson, readDate }: SqlDialect): InteractionRecord {
  return {
    id: String(row.id),
    uid: String(row.uid),
    process: String(row.process),
    processVersion: String(row.process_version),
    status: row.status as InteractionRecord['status'],
    lastSeq: Number(row.last_seq),
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
    state: {
      current: String(row.current_activity),
      stack: readJson(row.stack),
      done: readJson(row.done),
      context: readJson(row.context),
      kb: readJson(row.kb),
    },
  };
}

/** The transcript entry in a row's t_* columns; null when the row has none (a LEFT JOIN that found none). */
export function toEntry(row: Row, { readJson, readDate }: SqlDialect): TranscriptEntry | null {
  if (row.t_seq === null || row.t_seq === undefined) return null;
  return {
    seq: Number(row.t_seq),
    messageId: (row.t_message_id as string | null) ?? null,
    input: readJson<Input | null>(row.t_input),
    reply: readJson<StoredReply>(row.t_reply),
    activityBefore: (row.t_activity_before as string | null) ?? null,
    activityAfter: String(row.t_activity_after),
    createdAt: readDate(row.t_created_at),
  };
}
