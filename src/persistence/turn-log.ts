import type { InteractionStatus } from '../interactions/model/interaction.model.js';
import type { PoolFigures, PoolStats } from '../metrics/pool-figures.js';

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

/**
 * A database adapter's one write path: turns appended in batches (a single turn is a batch of one), each
 * turn fenced by its primary key. Nothing of it runs user code: a turn is stepped before it is appended.
 */
export abstract class TurnLog implements PoolFigures {
  abstract append(row: TurnRow): Promise<AppendOutcome>;

  /**
   * Appends one turn alone, after it lost a race: where the database can hold an interaction (Postgres's
   * advisory lock, which a batch skips rather than waits for), it waits for the interaction, up to the
   * statement timeout, for the length of this one write.
   */
  abstract appendWaiting(row: TurnRow): Promise<AppendOutcome>;

  abstract poolStats(): PoolStats | null;
}
