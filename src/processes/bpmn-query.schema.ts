import type { InputOf, InputSchema } from '../common/input-schema.js';

/** GET /processes/:name/bpmn: which version (the current one when absent). */
export const BPMN_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "a version's number or hash",
      'x-problem': '"version" must be one version\'s number or hash, given once',
    },
  },
} as const satisfies InputSchema;

export type BpmnQuery = InputOf<typeof BPMN_QUERY_SCHEMA>;
