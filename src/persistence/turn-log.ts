import type { EntityManager } from 'typeorm';
import type { InteractionStatus, TurnOutcome } from '../interactions/model/interaction.model.js';
import type { PoolStats } from './interaction-store.js';

/**
 * One turn as the adapters write it, each JSON value serialised once: the turn's row, and what it changes
 * besides (the interaction's status, the user's knowledge, a new interaction's row).
 */
export interface TurnRow {
  readonly interactionId: string;
  readonly seq: number;
  readonly messageId: string | null;
  readonly input: string | null;
  readonly reply: string;
  readonly activityBefore: string | null;
  readonly activityAfter: string;
  readonly outcome: TurnOutcome;
  /** 1 when the NLU found no intent, else null. */
  readonly noIntent: number | null;
  /** The state after the turn, without its kb. */
  readonly state: string;
  /** The kb after the turn, only when the turn changed it. */
  readonly kb: string | null;
  /** The interaction's status, only when the turn changed it (always for a new interaction). */
  readonly status: InteractionStatus | null;
  readonly uid: string;
  readonly process: string;
  /** At an END: what the interaction saved for this uid and process. */
  readonly knowledge: string | null;
  /** Only for a new interaction (its welcome turn), whose row is written with the turn. */
  readonly processVersion: string | null;
}

/**
 * Per turn: when it committed; `conflict` when its (interaction, seq) or (interaction, message id) was
 * already taken (another server's turn, a repeated message) or, on Postgres, the interaction is held by
 * another server's exclusive turn; or why the write failed.
 */
export type AppendOutcome = { readonly committedAt: string } | 'conflict' | Error;

export const committed = (outcome: AppendOutcome): outcome is { committedAt: string } =>
  typeof outcome === 'object' && !(outcome instanceof Error);

/** Appends one turn; the adapter decides in which batch. */
export type Append = (row: TurnRow) => Promise<AppendOutcome>;

/**
 * A database adapter's one write path: turns appended in batches (a single turn is a batch of one), each
 * turn fenced by its primary key. `exclusive` holds one interaction against the other servers' turns
 * (where the database can) while `work` reads it afresh through `manager` and appends through `append`.
 */
export abstract class TurnLog {
  abstract append(row: TurnRow): Promise<AppendOutcome>;

  abstract exclusive<T>(
    id: string,
    work: (manager: EntityManager, append: Append) => Promise<T>,
  ): Promise<T>;

  abstract poolStats(): PoolStats | null;
}
