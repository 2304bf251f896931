import { UID_PATTERN } from '../../auth/credentials.js';
import { MAX_SEQ } from '../../common/bounds.js';
import type { InputOf, InputSchema } from '../../common/input-schema.js';

/** GET /interactions/:id/messages: the turns after a seq. */
export const TRANSCRIPT_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_SEQ,
      description: 'only the turns after this seq (all of them by default)',
      'x-problem': `"after" must be a whole number from 0 to ${MAX_SEQ}: the last seq you have`,
    },
    // Who is asking, as on every interaction route (instead of the X-User-Id header).
    uid: {
      type: 'string',
      pattern: UID_PATTERN.source,
      description: 'the caller (as the X-User-Id header; ignored in JWT mode)',
      'x-problem': '"uid" must be a string of 1 to 200 printable characters',
    },
  },
} as const satisfies InputSchema;

export type TranscriptQuery = InputOf<typeof TRANSCRIPT_QUERY_SCHEMA>;
