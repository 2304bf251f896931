import type { Pool } from 'pg';
import type { BatchedTurn, BatchOutcome } from './turn-batch.js';
import { ConcurrentTurnError } from './persistence-errors.js';

/**
 * A whole batch of turns in one statement (so one round trip and one commit): the batch goes as one JSON
 * document; each interaction row is updated only if it is still at the seq the turn was computed from, and
 * only the updated ones get their transcript entry and, at an END, the user's knowledge. A row locked by
 * another transaction is skipped, not waited for, so that one busy interaction never holds up the batch:
 * its turn comes back unwritten, like a turn that lost a race, and is retried on its own.
 */
const WRITE_TURNS = `
  WITH v AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(
      id text, uid text, process text, prev_seq int, seq int, status text, current_activity text,
      stack jsonb, done jsonb, context jsonb, kb jsonb, message_id text, input jsonb, reply jsonb,
      activity_before text, knowledge jsonb)
  ),
  locked AS (
    SELECT i.id FROM interactions i JOIN v ON v.id = i.id AND i.last_seq = v.prev_seq
    FOR UPDATE OF i SKIP LOCKED
  ),
  updated AS (
    UPDATE interactions i SET status = v.status, current_activity = v.current_activity, stack = v.stack,
           done = v.done, context = v.context, kb = v.kb, last_seq = v.seq, updated_at = $2
    FROM v JOIN locked ON locked.id = v.id WHERE i.id = v.id
    RETURNING i.id
  ),
  entries AS (
    INSERT INTO transcript (interaction_id, seq, message_id, input, reply, activity_before, activity_after, created_at)
    SELECT v.id, v.seq, v.message_id, v.input, v.reply, v.activity_before, v.current_activity, $2
    FROM v JOIN updated ON updated.id = v.id
  ),
  knowledge AS (
    INSERT INTO user_knowledge (uid, process, knowledge, updated_at)
    SELECT v.uid, v.process, v.knowledge, $2 FROM v JOIN updated ON updated.id = v.id
    WHERE v.knowledge IS NOT NULL
    ON CONFLICT (uid, process) DO UPDATE SET knowledge = excluded.knowledge, updated_at = excluded.updated_at
  )
  SELECT id FROM updated`;

/**
 * Writes the batch on the pool. Throws when the statement fails as a whole (a repeated message id, two
 * turns saving the same user's knowledge, a lost connection): the caller then writes the turns one by one.
 */
export async function writePostgresBatch(
  pool: Pool,
  turns: BatchedTurn[],
  now: string,
): Promise<BatchOutcome[]> {
  const rows = turns.map(({ interaction, write }) => ({
    id: interaction.id,
    uid: interaction.uid,
    process: interaction.process,
    prev_seq: interaction.lastSeq,
    seq: write.entry.seq,
    status: write.status,
    current_activity: write.state.current,
    stack: write.state.stack,
    done: write.state.done,
    context: write.state.context,
    kb: write.state.kb,
    message_id: write.entry.messageId,
    input: write.entry.input,
    reply: write.entry.reply,
    activity_before: write.entry.activityBefore,
    knowledge: write.knowledge,
  }));
  const result = await pool.query<{ id: string }>({
    name: 'mmcc_write_turns',
    text: WRITE_TURNS,
    values: [JSON.stringify(rows), now],
  });
  const written = new Set(result.rows.map((r) => r.id));
  return turns.map(({ interaction }) =>
    written.has(interaction.id) ? { committedAt: now } : new ConcurrentTurnError(interaction.id),
  );
}
