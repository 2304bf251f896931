import { AppError } from '../../common/app-error.js';

/** A conversation already has as many Direct Line streams open here as it may. */
export class TooManyStreamsError extends AppError {
  readonly code = 'INTERACTION_BUSY';
  override readonly retryable = true;
  override readonly retryAfterSeconds = 5;
  constructor(limit: number) {
    super(
      `this conversation already has ${limit} Direct Line streams open (DIRECTLINE_STREAMS_PER_CONVERSATION): close one (another tab?) or try again once it has closed`,
    );
  }
}
