import { AppError } from '../common/app-error.js';
/** A client asked for a process that is not loaded. */
export class UnknownProcessError extends AppError {
  readonly code = 'UNKNOWN_PROCESS';
  constructor(
    readonly process: string,
    known: readonly string[],
  ) {
    super(`there is no process "${process}"; the processes are: ${known.join(', ')}`);
  }
}
