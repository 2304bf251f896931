import type { InteractionRecord, TurnWrite } from './interaction.records.js';

/**
 * The statements that write an interaction and its turns, in Postgres style ($1, $2...; rewritten for
 * SQLite), and their parameters: shared by the new interaction, the one-turn transaction and the SQLite
 * batch, so that all of them write the same rows.
 */
export const INSERT_INTERACTION = `
  INSERT INTO interactions (id, uid, process, process_version, status, current_activity, stack, done, context, kb,
                            last_seq, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`;

export const UPDATE_INTERACTION = `
  UPDATE interactions SET status = $2, current_activity = $3, stack = $4, done = $5, context = $6, kb = $7,
         last_seq = $8, updated_at = $9
  WHERE id = $1 AND last_seq = $10`;

export const INSERT_ENTRY = `
  INSERT INTO transcript (interaction_id, seq, message_id, input, reply, activity_before, activity_after, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

export const UPSERT_KNOWLEDGE = `
  INSERT INTO user_knowledge (uid, process, knowledge, updated_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (uid, process) DO UPDATE SET knowledge = excluded.knowledge, updated_at = excluded.updated_at`;

type Owner = Pick<InteractionRecord, 'id' | 'uid' | 'process'>;

const json = (value: unknown): string => JSON.stringify(value);

/** The columns a write sets on the interaction row, in the order both statements take them. */
const stateParams = ({ status, state }: TurnWrite): unknown[] => [
  status,
  state.current,
  json(state.stack),
  json(state.done),
  json(state.context),
  json(state.kb),
];

/** The INSERT's parameters: a new interaction at its welcome turn. */
export function insertParams(
  interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>,
  welcome: TurnWrite,
  now: string,
): unknown[] {
  const { id, uid, process, processVersion } = interaction;
  return [id, uid, process, processVersion, ...stateParams(welcome), welcome.entry.seq, now];
}

/** The UPDATE's parameters: the new state, applied only if the interaction is still at `lastSeq`. */
export function updateParams(
  interaction: Pick<InteractionRecord, 'id' | 'lastSeq'>,
  write: TurnWrite,
  now: string,
): unknown[] {
  return [interaction.id, ...stateParams(write), write.entry.seq, now, interaction.lastSeq];
}

/** The interaction as it stands once the write is committed. */
export const afterWrite = (
  record: Omit<InteractionRecord, 'status' | 'state' | 'lastSeq' | 'updatedAt'>,
  write: TurnWrite,
  committedAt: string,
): InteractionRecord => ({
  ...record,
  status: write.status,
  state: write.state,
  lastSeq: write.entry.seq,
  updatedAt: committedAt,
});

export function entryParams(interaction: Owner, write: TurnWrite, now: string): unknown[] {
  const { entry } = write;
  return [
    interaction.id,
    entry.seq,
    entry.messageId,
    entry.input === null ? null : json(entry.input),
    json(entry.reply),
    entry.activityBefore,
    entry.activityAfter,
    now,
  ];
}

/** The knowledge upsert's parameters, or null when the turn saves no knowledge (it did not reach an END). */
export function knowledgeParams(
  interaction: Owner,
  write: TurnWrite,
  now: string,
): unknown[] | null {
  return write.knowledge === undefined
    ? null
    : [interaction.uid, interaction.process, json(write.knowledge), now];
}
