import {
  type Callbacks,
  EngineError,
  initialState,
  type Input,
  type InteractionState,
  type JsonObject,
  kbForUser,
  type StepOutcome,
} from '../engine/index.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import type { CoverageTracker } from './coverage.js';
import { compare, type Mismatch, type TurnOutcome } from './expectations.js';
import { stateAt } from './start-state.js';
import type { Story, StoryTurn } from './story.types.js';

/** How stories run a step: the same start and step the server and the terminal chat use. */
export interface StoryEngine {
  start(process: LoadedProcess, kb: JsonObject): Promise<StepOutcome>;
  step(process: LoadedProcess, state: InteractionState, input: Input): Promise<StepOutcome>;
}

/** The first turn that went otherwise than the story says, with what came instead. */
export interface TurnFailure {
  /** 0 is the welcome; 1 is the first step. */
  readonly turn: number;
  readonly line: number;
  readonly input?: Input;
  readonly mismatches: readonly Mismatch[];
  readonly came: TurnOutcome;
}

export interface StoryResult {
  readonly story: Story;
  readonly ms: number;
  readonly failure?: TurnFailure;
}

/** Runs one story, turn by turn, up to the end or to its first failing turn. */
export async function runStory(
  process: LoadedProcess,
  story: Story,
  engine: StoryEngine,
  coverage: CoverageTracker,
): Promise<StoryResult> {
  const started = performance.now();
  const kb = kbForUser(process.kb, story.kb);
  let state =
    story.start === undefined
      ? initialState(process.definition, kb)
      : stateAt(process.definition, story.start.activity, story.start.context, kb);
  coverage.reached(state);
  // Turn 0 is the welcome; a story that starts mid-flow has none, and begins at turn 1.
  const firstTurn = story.start === undefined ? 0 : 1;
  for (const [i, turn] of story.turns.entries()) {
    const { outcome, mismatches } = await runTurn(process, state, turn, engine);
    if (!('refusal' in outcome)) coverage.turn(state, outcome.state);
    state = outcome.state;
    if (mismatches.length > 0) {
      const failure = {
        turn: i + firstTurn,
        line: turn.line,
        input: turn.input,
        mismatches,
        came: outcome,
      };
      return { story, ms: performance.now() - started, failure };
    }
  }
  return { story, ms: performance.now() - started };
}

async function runTurn(
  process: LoadedProcess,
  state: InteractionState,
  turn: StoryTurn,
  engine: StoryEngine,
): Promise<{ outcome: TurnOutcome; mismatches: Mismatch[] }> {
  const mock = turn.mock;
  let mockUsed = false;
  const callbacks: Callbacks =
    mock === undefined
      ? process.callbacks
      : {
          ...process.callbacks,
          [mock.activity]: () => {
            mockUsed = true;
            return structuredClone(mock.result);
          },
        };
  const run = { ...process, callbacks };
  const statusOf = (s: InteractionState) =>
    process.definition.activities.get(s.current)?.type === 'END' ? 'completed' : 'active';
  let outcome: TurnOutcome;
  try {
    const done =
      turn.input === undefined
        ? await engine.start(run, state.kb)
        : await engine.step(run, state, turn.input);
    outcome = { reply: done.reply, state: done.state, status: statusOf(done.state) };
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    outcome = {
      refusal: { code: error.code, message: error.message },
      state,
      status: statusOf(state),
    };
  }
  const mismatches = compare(turn.expect, outcome);
  if (mock !== undefined && !mockUsed) {
    mismatches.push({
      what: 'mock',
      expected: `the callback of ${mock.activity} to run (mocked)`,
      got: `the turn ran at ${state.current}`,
    });
  }
  return { outcome, mismatches };
}
