import type { InputSchema } from '../../common/input-schema.js';

export const MAX_UTTERANCE_CHARS = 10_000;
export const MAX_MESSAGE_ID_CHARS = 200;

/**
 * The reference's message: text for the NLU, or data for the current activity; `id` makes retries safe.
 * Every transport checks a message against this schema, and the OpenAPI document shows it.
 */
export const MESSAGE_SCHEMA = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  example: { type: 'utterance', utterance: 'I am Mark' },
  properties: {
    type: {
      enum: ['utterance', 'data'],
      description: 'text for the NLU, or data for the current activity',
      'x-problem': '"type" must be "utterance" (text) or "data" (a payload object)',
    },
    utterance: {
      description: 'the text (with type utterance)',
      example: 'I am Mark',
      'x-problem': `"utterance" must be a string: the text the user wrote, at most ${MAX_UTTERANCE_CHARS} characters`,
    },
    payload: {
      description: 'the data (with type data)',
      example: { name: 'Mark' },
      'x-problem': '"payload" must be a JSON object, e.g. {"my_activity": "my_data"}',
    },
    id: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_MESSAGE_ID_CHARS,
      description: 'your id for this message: a repeated id gets the stored reply',
      'x-problem': `"id" must be a string: your id for this message, to retry it safely, 1 to ${MAX_MESSAGE_ID_CHARS} characters`,
    },
  },
  // Only the type's own field is checked: the other one is taken as it is (and ignored).
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
} as const satisfies InputSchema;
