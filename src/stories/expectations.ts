import { isDeepStrictEqual } from 'node:util';
import {
  isPlainObject,
  type InteractionState,
  type JsonObject,
  type Reply,
} from '../engine/index.js';
import type { Expectations } from './story.types.js';

/** What a turn gave: a reply and the new state, or a refusal (the state stays as it was). */
export type TurnOutcome =
  | { readonly reply: Reply; readonly state: InteractionState; readonly status: string }
  | {
      readonly refusal: { readonly code: string; readonly message: string };
      readonly state: InteractionState;
      readonly status: string;
    };

/** One thing a turn did otherwise than its story says. */
export interface Mismatch {
  /** What is compared: reply, activity, status, error, or a context / payload path like context.nickname. */
  readonly what: string;
  readonly expected: string;
  readonly got: string;
}

const show = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));

/** Compares a turn's outcome with what the story expects of it; empty when it is as expected. */
export function compare(expect: Expectations, outcome: TurnOutcome): Mismatch[] {
  const out: Mismatch[] = [];
  if ('refusal' in outcome) {
    const { code, message } = outcome.refusal;
    if (expect.error !== code) {
      out.push({
        what: 'error',
        expected: expect.error ?? 'a reply',
        got: `${code}: ${message}`,
      });
      return out;
    }
  } else if (expect.error !== undefined) {
    out.push({
      what: 'error',
      expected: expect.error,
      got: `a reply: ${show(outcome.reply.utterance)}`,
    });
  } else {
    const { utterance, payload } = outcome.reply;
    const bot = expect.bot;
    if (
      bot !== undefined &&
      !(typeof bot === 'string' ? utterance.includes(bot) : bot.test(utterance))
    ) {
      out.push({
        what: 'reply',
        expected: typeof bot === 'string' ? `to contain ${show(bot)}` : `to match ${String(bot)}`,
        got: show(utterance),
      });
    }
    if (expect.payload !== undefined) out.push(...subset('payload', expect.payload, payload));
  }
  if (expect.activity !== undefined && expect.activity !== outcome.state.current) {
    out.push({ what: 'activity', expected: expect.activity, got: outcome.state.current });
  }
  if (expect.status !== undefined && expect.status !== outcome.status) {
    out.push({ what: 'status', expected: expect.status, got: outcome.status });
  }
  if (expect.context !== undefined)
    out.push(...subset('context', expect.context, outcome.state.context));
  return out;
}

/** Each key of `expected` (recursively in objects) holds the same value in `actual`. */
function subset(path: string, expected: JsonObject, actual: unknown): Mismatch[] {
  const object = isPlainObject(actual) ? actual : {};
  return Object.entries(expected).flatMap(([key, want]) => {
    const got = Object.hasOwn(object, key) ? object[key] : undefined;
    const at = `${path}.${key}`;
    if (isPlainObject(want) && isPlainObject(got)) return subset(at, want, got);
    return isDeepStrictEqual(want, got) ? [] : [{ what: at, expected: show(want), got: show(got) }];
  });
}
