import { Ajv, type ErrorObject } from 'ajv';
import type { Input, JsonObject } from '../engine/index.js';
import {
  MAX_MESSAGE_ID_CHARS,
  MAX_UTTERANCE_CHARS,
  MESSAGE_PROBLEMS as PROBLEM,
  MESSAGE_TYPES,
} from '../interactions/dto/message.rules.js';

/** The message's shape as a JSON schema, compiled once into a function (this runs for every message). */
const SCHEMA = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { enum: MESSAGE_TYPES },
    utterance: {},
    payload: {},
    id: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_ID_CHARS },
  },
  allOf: [
    {
      if: { properties: { type: { const: 'utterance' } } },
      // oxlint-disable-next-line unicorn/no-thenable -- JSON Schema's if/then: a schema, never awaited
      then: {
        required: ['utterance'],
        properties: { utterance: { type: 'string', maxLength: MAX_UTTERANCE_CHARS } },
      },
    },
    {
      if: { properties: { type: { const: 'data' } } },
      // oxlint-disable-next-line unicorn/no-thenable -- JSON Schema's if/then: a schema, never awaited
      then: { required: ['payload'], properties: { payload: { type: 'object' } } },
    },
  ],
} as const;

const check = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

/** Where each problem is told: unknown fields first, then the fields in the order a message is read. */
const ORDER = ['', 'type', 'utterance', 'payload', 'id'];

function problemOf(error: ErrorObject): [field: string, problem: string] | undefined {
  const field =
    error.keyword === 'required'
      ? String(error.params.missingProperty)
      : error.instancePath.slice(1);
  if (error.keyword === 'additionalProperties')
    return ['', `unknown field "${String(error.params.additionalProperty)}"; remove it`];
  if (field === 'type') return [field, PROBLEM.type];
  if (field === 'utterance')
    return [field, error.keyword === 'maxLength' ? PROBLEM.utteranceLength : PROBLEM.utterance];
  if (field === 'payload') return [field, PROBLEM.payload];
  if (field === 'id') return [field, error.keyword === 'type' ? PROBLEM.id : PROBLEM.idLength];
  return undefined; // the `if` of an allOf branch: its `then` said what was wrong
}

/** The message as input and id, or every problem with it, one per field, in a stable order. */
export function checkMessage(
  raw: object,
): { input: Input; messageId: string | null } | { problems: string[] } {
  if (check(raw)) {
    const message = raw as {
      type: 'utterance' | 'data';
      utterance?: string;
      payload?: JsonObject;
      id?: string;
    };
    const input: Input =
      message.type === 'utterance'
        ? { type: 'utterance', utterance: message.utterance! }
        : { type: 'data', payload: message.payload! };
    return { input, messageId: message.id ?? null };
  }
  const byField = new Map<string, string[]>();
  for (const error of check.errors ?? []) {
    const found = problemOf(error);
    if (found === undefined) continue;
    const [field, problem] = found;
    const problems = byField.get(field) ?? [];
    // One problem per field (the first), except unknown fields, which are each named.
    if (field === '' ? !problems.includes(problem) : problems.length === 0) problems.push(problem);
    byField.set(field, problems);
  }
  return { problems: ORDER.flatMap((field) => byField.get(field) ?? []) };
}
