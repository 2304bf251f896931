import type { Input, JsonObject, StateJson } from '../engine/index.js';
import type {
  InteractionRecord,
  MigrationNote,
  TranscriptEntry,
  TurnOutcome,
  TurnWrite,
} from '../interactions/model/interaction.model.js';
import type { InteractionEntity } from './entities/interaction.entity.js';
import type { TurnEntity } from './entities/turn.entity.js';
import type { TurnRow } from './turn-log.js';

/** An interaction as a turn starts from it, with its kb as last written (to tell whether a turn changed it). */
export interface Current {
  readonly record: InteractionRecord;
  readonly kbJson: string;
}

/** How a migration's turn keeps its note in the input column (its input is no user's). */
interface MigrationInput {
  readonly type: 'migration';
  readonly migration: MigrationNote;
}

export function toEntry(turn: TurnEntity): TranscriptEntry {
  const input = turn.input as (Input | MigrationInput) | null;
  const migration = input?.type === 'migration' ? { migration: input.migration } : {};
  return {
    seq: turn.seq,
    messageId: turn.messageId,
    input: input?.type === 'migration' ? null : input,
    ...migration,
    reply: turn.reply,
    activityBefore: turn.activityBefore,
    // the reply names the activity the turn reached
    activityAfter: turn.reply.activity,
    createdAt: turn.createdAt,
  };
}

/** The interaction as its row, its latest turn and its latest kb make it. */
export function toRecord(
  row: InteractionEntity,
  latest: Pick<TurnEntity, 'seq' | 'state' | 'processVersion'>,
  kb: JsonObject,
): InteractionRecord {
  if (latest.state === null) throw new Error(`the latest turn of ${row.id} has no state`);
  return {
    id: row.id,
    uid: row.uid,
    process: row.process,
    processVersion: latest.processVersion ?? row.processVersion,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSeq: latest.seq,
    state: { ...latest.state, kb },
  };
}

/** The row a turn appends; for a new interaction, `current` is null and its row goes with the turn. */
export function toRow(
  interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'processVersion'>,
  current: Current | null,
  write: TurnWrite,
): TurnRow {
  const json = write.stateJson ?? stateJsonOf(write.state);
  const kbJson = json.kb;
  const { entry } = write;
  return {
    interactionId: interaction.id,
    seq: entry.seq,
    messageId: entry.messageId,
    input:
      entry.migration !== undefined
        ? JSON.stringify({ type: 'migration', migration: entry.migration })
        : entry.input === null
          ? null
          : JSON.stringify(entry.input),
    reply: JSON.stringify(entry.reply),
    activityBefore: entry.activityBefore,
    activityAfter: entry.activityAfter,
    outcome: write.outcome ?? outcomeOf(entry.activityBefore, entry.activityAfter),
    noIntent: write.noIntent === true ? 1 : null,
    state: json.state,
    version: write.processVersion,
    kb: kbJson === current?.kbJson ? null : kbJson,
    status: write.status === current?.record.status ? null : write.status,
    uid: interaction.uid,
    process: interaction.process,
    knowledge: write.knowledge === undefined ? null : JSON.stringify(write.knowledge),
    processVersion: current === null ? interaction.processVersion : null,
  };
}

/** The state's JSON when the step did not make it (a held turn, a migration's). */
const stateJsonOf = ({ kb, ...state }: TurnWrite['state']): StateJson => ({
  state: JSON.stringify(state),
  kb: JSON.stringify(kb),
});

const outcomeOf = (before: string | null, after: string): TurnOutcome =>
  before === null ? 'start' : before === after ? 'stayed' : 'moved';

/** The interaction once the row is committed (`updatedAt` moves only with its status). */
export function afterWrite(
  record: Omit<InteractionRecord, 'status' | 'state' | 'lastSeq'>,
  write: TurnWrite,
  row: TurnRow,
  committedAt: string,
  kbJson: string,
): Current {
  // (each key written out: one shape for every cached record, and no spread on the turn path)
  return {
    record: {
      id: record.id,
      uid: record.uid,
      process: record.process,
      processVersion: write.processVersion,
      status: write.status,
      state: write.state,
      lastSeq: write.entry.seq,
      createdAt: record.createdAt,
      updatedAt: row.status === null ? record.updatedAt : committedAt,
    },
    kbJson: row.kb ?? kbJson,
  };
}
