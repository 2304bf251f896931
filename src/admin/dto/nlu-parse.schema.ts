import type { InputSchema } from '../../common/input-schema.js';

/** POST /admin/processes/:name/nlu/parse: the text to parse. */
export const NLU_PARSE_SCHEMA = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  example: { text: "I'd like the black cap" },
  properties: {
    text: {
      type: 'string',
      maxLength: 10_000,
      description: 'the text to parse, as a user would type it',
      example: "I'd like the black cap",
      'x-problem': '"text" must be a string of at most 10000 characters',
    },
  },
} as const satisfies InputSchema;
