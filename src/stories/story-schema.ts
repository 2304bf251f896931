import { REFUSALS, STATUSES } from './story.types.js';

const object = { type: 'object' } as const;

/** The keys that expect something of a turn (a step's, or the welcome's). */
const expectations = {
  bot: { type: 'string' },
  activity: { type: 'string', minLength: 1 },
  status: { enum: [...STATUSES] },
  context: object,
  payload: object,
  error: { enum: [...REFUSALS] },
  mock: {
    type: 'object',
    required: ['activity', 'result'],
    additionalProperties: false,
    properties: {
      activity: { type: 'string', minLength: 1 },
      result: {
        type: 'object',
        required: ['complete'],
        additionalProperties: false,
        properties: {
          complete: { type: 'boolean' },
          utterance: { type: 'string' },
          payload: object,
          choice: { type: ['string', 'null'] },
          kb: object,
          context: object,
        },
      },
    },
  },
} as const;

/** The JSON schema of a story file (`config/<name>/tests/*.yml`): a list of tests. */
export const STORY_FILE_SCHEMA = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['test', 'steps'],
    additionalProperties: false,
    properties: {
      test: { type: 'string', minLength: 1 },
      start: {
        type: 'object',
        required: ['activity'],
        additionalProperties: false,
        properties: { activity: { type: 'string', minLength: 1 }, context: object },
      },
      kb: object,
      welcome: { type: 'object', additionalProperties: false, properties: expectations },
      steps: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { user: { type: 'string' }, data: object, ...expectations },
        },
      },
    },
  },
} as const;

/** What each kind of object in a story file may hold, for the fix of an unknown key. */
export const KEYS_OF = {
  test: Object.keys(STORY_FILE_SCHEMA.items.properties),
  start: Object.keys(STORY_FILE_SCHEMA.items.properties.start.properties),
  welcome: Object.keys(expectations),
  step: Object.keys(STORY_FILE_SCHEMA.items.properties.steps.items.properties),
  mock: Object.keys(expectations.mock.properties),
  result: Object.keys(expectations.mock.properties.result.properties),
} as const;
