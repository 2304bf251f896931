import type { CallbackResult, Input, JsonObject } from '../engine/index.js';

/** The interaction statuses a turn can end in (an END makes it completed). */
export const STATUSES = ['active', 'completed'] as const;
/** The refusals a step can expect (the engine's error codes). */
export const REFUSALS = ['STEP_FAILED', 'NLU_FAILED', 'ACTIVITY_NOT_FOUND'] as const;

/** What a turn is expected to give; every field is optional and only the given ones are checked. */
export interface Expectations {
  /** The reply contains this text, or matches this regular expression (written /like this/). */
  readonly bot?: string | RegExp;
  readonly activity?: string;
  readonly status?: (typeof STATUSES)[number];
  /** A subset of the context after the turn. */
  readonly context?: JsonObject;
  /** A subset of the reply's payload. */
  readonly payload?: JsonObject;
  /** The turn is refused with this code (the state stays as it was). */
  readonly error?: (typeof REFUSALS)[number];
}

/** One callback's result replaced for one turn (for callbacks that call the outside world). */
export interface Mock {
  readonly activity: string;
  readonly result: CallbackResult;
}

/** One turn of a story: an input (none for the welcome), its expectations, where it is written. */
export interface StoryTurn {
  /** The line of the step in the story file. */
  readonly line: number;
  /** undefined for the welcome turn, which a new interaction runs before any input. */
  readonly input?: Input;
  readonly expect: Expectations;
  readonly mock?: Mock;
}

/** One test of a story file. */
export interface Story {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Where the story begins instead of the welcome (mid-flow). */
  readonly start?: { readonly activity: string; readonly context: JsonObject };
  /** Extra kb over the process's own (as a returning user's saved knowledge would be). */
  readonly kb?: JsonObject;
  /** The turns in order; the first is the welcome unless the story starts mid-flow. */
  readonly turns: readonly StoryTurn[];
}
