import type { InputSchema } from '../../common/input-schema.js';

/** POST /admin/interactions/:id/operator-messages: what the operator says. */
export const OPERATOR_MESSAGE_SCHEMA = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  example: { text: 'Hello, I am Sam from the shop: how can I help?' },
  properties: {
    text: {
      type: 'string',
      minLength: 1,
      maxLength: 10_000,
      description: "what the operator says to the interaction's user",
      'x-problem': '"text" must be a string of 1 to 10000 characters',
    },
  },
} as const satisfies InputSchema;

/** POST /admin/interactions/:id/release: where the process takes the interaction back. */
export const RELEASE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  example: { activity: 'ask_name' },
  properties: {
    activity: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the activity to hand the interaction back at (its current one when absent)',
      'x-problem': '"activity" must be a string of 1 to 200 characters: the id of an activity',
    },
  },
} as const satisfies InputSchema;
