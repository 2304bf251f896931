import type { InteractionRecord, TurnWrite } from './interaction.records.js';

/** One turn waiting in a group commit: written only if the interaction is still at `interaction.lastSeq`. */
export interface BatchedTurn {
  readonly interaction: Pick<InteractionRecord, 'id' | 'uid' | 'process' | 'lastSeq'>;
  readonly write: TurnWrite;
}

/** Per turn: when it was committed, or why not (another process wrote the interaction first, a repeated message id...). */
export type BatchOutcome = { readonly committedAt: string } | Error;
