import { withKeys } from './with-keys.js';
import { runCallback, type StepOptions } from './run-callback.js';
import { ActivityNotFoundError, EngineError, NluError, StepFailedError } from './errors.js';
import { copyJson, toJson, toJsonText } from './json.js';
import type { NluAdapter, ParseOptions } from './nlu-adapter.js';
import {
  type Activity,
  type Callbacks,
  DONE_KEY,
  type Input,
  type InteractionState,
  type JsonObject,
  type ProcessDefinition,
  type Reply,
} from './types.js';

/** What the engine needs of a process to run it. */
export interface RunnableProcess {
  readonly definition: ProcessDefinition;
  readonly callbacks: Callbacks;
  readonly nlu: NluAdapter;
}

export type { StepOptions };

export interface StepOutcome {
  readonly state: InteractionState;
  readonly reply: Reply;
  /** The step made an END current: the time to save what the interaction taught the kb. */
  readonly reachedEnd: boolean;
  /** The NLU found no intent in the input's text. */
  readonly noIntent?: boolean;
  /** The callback asked for a person: the interaction waits at its activity for an operator. */
  readonly handoff?: boolean;
  /** The state's JSON texts, as the copy in `state` was made from them: what a store writes, unwritten again. */
  readonly stateJson?: StateJson;
}

/** An interaction state as JSON: without its kb, and its kb (a turn log stores the kb only when it changed). */
export interface StateJson {
  readonly state: string;
  readonly kb: string;
}

/** The state of a new interaction, before its welcome step. */
export function initialState(definition: ProcessDefinition, kb: JsonObject): InteractionState {
  return {
    current: definition.first,
    stack: [],
    done: {},
    context: { [DONE_KEY]: [] },
    kb: toJson(kb),
  };
}

/** Starts an interaction: the welcome message is the reply to the text "" at the first activity. */
export function start(
  process: RunnableProcess,
  kb: JsonObject,
  options: StepOptions = {},
): Promise<StepOutcome> {
  return step(
    process,
    initialState(process.definition, kb),
    { type: 'utterance', utterance: '' },
    options,
  );
}

/**
 * Handles one input. Never changes `state`: the outcome holds a new state. When the step is refused
 * (a callback throws or returns an invalid result, the NLU fails) it throws an EngineError, and the
 * caller keeps the state it had.
 */
export async function step(
  process: RunnableProcess,
  state: InteractionState,
  input: Input,
  options: StepOptions = {},
): Promise<StepOutcome> {
  const activity = activityOf(process.definition, state.current);
  const data =
    input.type === 'utterance'
      ? await parseText(process.nlu, input.utterance, {
          signal: options.signal,
          timeZone: timeZoneOf(state),
        })
      : copyJson(input.payload);
  const outcome = await stepWith(process, state, activity, data, options);
  // An NLU that classifies intents says "" when none matched: what the analytics count per activity.
  return input.type === 'utterance' && input.utterance !== '' && data.intent === ''
    ? withKeys(outcome, { noIntent: true })
    : outcome;
}

async function stepWith(
  process: RunnableProcess,
  state: InteractionState,
  activity: Activity,
  data: JsonObject,
  options: StepOptions,
): Promise<StepOutcome> {
  // (the state is plain JSON: what a step left, or what was read)
  const next = copyJson(state);
  if (activity.type === 'END') {
    return {
      state: next,
      reply: { utterance: kbUtterance(next.kb, activity.id), payload: {} },
      reachedEnd: false,
    };
  }
  const result = await runCallback(process.callbacks, activity, data, next, options);
  const reply: Reply = { utterance: result.utterance ?? '', payload: result.payload ?? {} };
  if (result.handoff === true)
    return withKeys(finish(activity, next, reply, false), { handoff: true });
  if (!result.complete) return finish(activity, next, reply, false);

  const moveTo = (id: string): boolean => {
    next.current = id;
    appendUtterance(reply, kbUtterance(next.kb, id));
    return activityOf(process.definition, id).type === 'END';
  };
  const goNext = (): boolean => {
    if (activity.next !== null) return moveTo(activity.next);
    let popped: string | null | undefined;
    do popped = next.stack.pop();
    while (popped === null);
    if (popped === undefined) {
      throw new StepFailedError(
        activity.id,
        `nothing follows activity "${activity.id}": its next_id is null and no gateway is open`,
      );
    }
    return moveTo(popped);
  };

  if (activity.type === 'XOR') {
    next.stack.push(activity.next);
    return finish(activity, next, reply, moveTo(result.choice!));
  }
  if (activity.type === 'OR' || activity.type === 'PARALLEL') {
    const completed = next.context[DONE_KEY];
    const without = () => completed.filter((id) => id !== activity.id);
    if (result.choice === undefined || result.choice === null) {
      delete next.done[activity.id];
      next.context[DONE_KEY] = without();
      return finish(activity, next, reply, goNext());
    }
    next.stack.push(activity.id);
    const chosen = (next.done[activity.id] ??= []);
    if (!chosen.includes(result.choice)) chosen.push(result.choice);
    const complete = activity.type === 'OR' || activity.choices.every((c) => chosen.includes(c));
    if (!complete) next.context[DONE_KEY] = without();
    else if (!completed.includes(activity.id)) completed.push(activity.id);
    return finish(activity, next, reply, moveTo(result.choice));
  }
  return finish(activity, next, reply, goNext());
}

/** The user's time zone, where a callback or the page put it: `timeZone` in the context, else in the kb. */
function timeZoneOf({ context, kb }: InteractionState): string | undefined {
  const zone = context.timeZone ?? kb.timeZone;
  return typeof zone === 'string' ? zone : undefined;
}

async function parseText(
  nlu: NluAdapter,
  text: string,
  options: ParseOptions,
): Promise<JsonObject> {
  try {
    return await nlu.parse(text.trimEnd(), options);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new NluError(`the ${nlu.kind} NLU failed: ${message}`, false, { cause: error });
  }
}

function activityOf(definition: ProcessDefinition, id: string): Activity {
  const activity = definition.activities.get(id);
  if (activity === undefined) throw new ActivityNotFoundError(id);
  return activity;
}

/** Makes the outcome plain JSON, refusing the step if a callback left something that JSON cannot hold. */
function finish(
  activity: Activity,
  state: InteractionState,
  reply: Reply,
  reachedEnd: boolean,
): StepOutcome {
  try {
    const { kb, ...rest } = state;
    const [kbJson, restJson] = [toJsonText(kb), toJsonText(rest)];
    // (the copy is the step's own: the kb goes on it in place, the cheapest way to add a key)
    const copy = restJson.copy as InteractionState;
    copy.kb = kbJson.copy;
    return {
      state: copy,
      reply: toJson(reply),
      reachedEnd,
      stateJson: { state: restJson.text, kb: kbJson.text },
    };
  } catch (error) {
    throw new StepFailedError(
      activity.id,
      `the callback of activity "${activity.id}" left a value that is not JSON in the kb, context or payload ` +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

function kbUtterance(kb: JsonObject, id: string): string {
  const value = Object.hasOwn(kb, id) ? kb[id] : undefined;
  return typeof value === 'string' ? value : '';
}

function appendUtterance(reply: Reply, utterance: string): void {
  if (reply.utterance === '') reply.utterance = utterance;
  else if (utterance !== '') reply.utterance += `\n${utterance}`;
}
