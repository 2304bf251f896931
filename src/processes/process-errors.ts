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

/** A version of a process that the database does not hold. */
export class UnknownVersionError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(process: string, version: string | number, known: readonly number[]) {
    super(
      `the process "${process}" has no version ${JSON.stringify(version)}; give a version's number or hash ` +
        `(its versions: ${known.join(', ') || 'none'}; GET /admin/processes/${process}/versions lists them)`,
    );
  }
}
