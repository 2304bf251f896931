import { AppError } from '../../common/app-error.js';

/** A message id that a turn of the same interaction has already committed: the caller answers with its stored reply. */
export class DuplicateMessageError extends Error {
  constructor(
    readonly interaction: string,
    readonly messageId: string,
  ) {
    super(`message "${messageId}" of interaction ${interaction} was already processed`);
    this.name = 'DuplicateMessageError';
  }
}

/** Another server process committed a turn of the interaction between this turn's read and its commit. */
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
