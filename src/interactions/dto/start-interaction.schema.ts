import { UID_PATTERN } from '../../auth/credentials.js';
import type { InputOf, InputSchema } from '../../common/input-schema.js';

/** POST /interactions and the reference's POST /init: who starts which process. */
export const START_INTERACTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  example: { uid: 'alice', process: 'quickstart' },
  properties: {
    uid: {
      type: 'string',
      pattern: UID_PATTERN.source,
      description: 'the user (a new uid when absent; ignored in JWT mode)',
      'x-problem': '"uid" must be a string of 1 to 200 printable characters',
    },
    process: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the process (the default one when absent)',
      example: 'quickstart',
      'x-problem':
        '"process" must be a string of 1 to 200 characters: the name of a process folder',
    },
  },
} as const satisfies InputSchema;

export type StartInteraction = InputOf<typeof START_INTERACTION_SCHEMA>;
