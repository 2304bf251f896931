import { StepFailedError } from './errors.js';
import { didYouMean } from './nearest-name.js';
import { describe, isPlainObject } from './json.js';
import type { Activity, CallbackResult } from './types.js';

const RESULT_KEYS = new Set([
  'complete',
  'utterance',
  'payload',
  'choice',
  'kb',
  'context',
  'handoff',
]);

/**
 * Checks what a callback returned against the contract, and against the activity it ran for
 * (a gateway's choice must be one of its branches). Throws StepFailedError when it is not valid.
 */
export function checkCallbackResult(value: unknown, activity: Activity): CallbackResult {
  const refuse = (why: string) =>
    new StepFailedError(activity.id, `the callback of activity "${activity.id}" ${why}`);
  if (!isPlainObject(value)) {
    throw refuse(`returned ${describe(value)}, not a result object like { complete: true }`);
  }
  for (const key of Object.keys(value)) {
    if (!RESULT_KEYS.has(key)) {
      throw refuse(
        `returned an unknown key "${key}" (the keys are ${[...RESULT_KEYS].join(', ')})`,
      );
    }
  }
  if (typeof value.complete !== 'boolean')
    throw refuse(`returned "complete" as ${describe(value.complete)}, not a boolean`);
  if (value.handoff !== undefined && typeof value.handoff !== 'boolean')
    throw refuse(`returned "handoff" as ${describe(value.handoff)}, not a boolean`);
  if (value.utterance !== undefined && typeof value.utterance !== 'string') {
    throw refuse(`returned "utterance" as ${describe(value.utterance)}, not a string`);
  }
  for (const key of ['payload', 'kb', 'context'] as const) {
    if (value[key] !== undefined && !isPlainObject(value[key])) {
      throw refuse(`returned "${key}" as ${describe(value[key])}, not an object`);
    }
  }
  const choice = value.choice;
  if (choice !== undefined && choice !== null && typeof choice !== 'string') {
    throw refuse(`returned "choice" as ${describe(choice)}, not a string or null`);
  }
  if (value.complete && activity.type !== 'START' && activity.type !== 'TASK') {
    if (activity.type === 'XOR' && (choice === undefined || choice === null)) {
      throw refuse(
        `completed the XOR without a choice (choose one of ${activity.choices.join(', ')})`,
      );
    }
    if (typeof choice === 'string' && !activity.choices.includes(choice)) {
      throw refuse(
        `chose "${choice}", which is not one of the gateway's choices (${activity.choices.join(', ')})${didYouMean(choice, activity.choices)}`,
      );
    }
  }
  return value as unknown as CallbackResult;
}
