import { AppError } from '../../common/app-error.js';

/**
 * Another server process committed a turn of the interaction between this turn's read and its commit, again
 * and again (SQLite, which cannot hold an interaction for a turn). A repeated message id is no error: the
 * store answers it with the stored reply (TurnResult.replayed).
 */
export class ConcurrentTurnError extends AppError {
  readonly code = 'CONCURRENT_TURN';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 1;
  constructor(readonly interaction: string) {
    super(
      `another turn of interaction ${interaction} was committed at the same time; send the message again`,
    );
  }
}
