import { AppError } from '../common/app-error.js';
/** One thing wrong in a process folder, said so that its author can fix it. */
export interface ConfigProblem {
  /** The file at fault, as the author would find it (e.g. `config/store/process.json`). */
  readonly file: string;
  /** The activity at fault, when the problem is about one. */
  readonly activity?: string;
  /** In a process.bpmn: the element's name as the diagram shows it ('' when it has none). */
  readonly name?: string;
  readonly problem: string;
  readonly fix: string;
}

const where = (p: ConfigProblem): string => {
  if (p.activity === undefined) return '';
  // A BPMN author knows an element by its label as much as by its id.
  if (p.name !== undefined) {
    return `, element "${p.activity}"${p.name === '' ? '' : ` ("${p.name}")`}`;
  }
  return `, activity "${p.activity}"`;
};

export const formatProblem = (p: ConfigProblem): string =>
  `${p.file}${where(p)}: ${p.problem}. Fix: ${p.fix}.`;

/** A process that cannot be loaded; lists every problem found, not only the first. */
export class ProcessConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0])
        : `${problems.length} problems:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
  }
}

export type EngineErrorCode = 'STEP_FAILED' | 'NLU_FAILED' | 'ACTIVITY_NOT_FOUND';

/** A step that was refused: the interaction's state stays exactly as it was before the input. */
export abstract class EngineError extends AppError {
  abstract override readonly code: EngineErrorCode;
}

/** A callback threw, did not answer in time, or returned something that is not a valid result. */
export class StepFailedError extends EngineError {
  readonly code = 'STEP_FAILED';
  override readonly retryable = false;
  /** What the server logs: the callback's own text, which the client never sees. */
  readonly detail: string;
  constructor(
    readonly activity: string,
    message: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options);
    this.detail = options?.detail ?? message;
  }
}

/** The NLU could not turn the text into data (e.g. its server is down or slow). */
export class NluError extends EngineError {
  readonly code = 'NLU_FAILED';
  constructor(
    message: string,
    override readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The interaction is at an activity that its process no longer has (the process was changed). */
export class ActivityNotFoundError extends EngineError {
  readonly code = 'ACTIVITY_NOT_FOUND';
  override readonly retryable = false;
  constructor(readonly activity: string) {
    super(
      `the interaction is at activity "${activity}", which the process no longer has; ` +
        'start a new interaction, or restore the activity in process.json',
    );
  }
}
