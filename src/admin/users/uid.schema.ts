import { UID_PATTERN } from '../../auth/credentials.js';
import type { PropertySchema } from '../../common/input-schema.js';

/** A uid in an admin route's path. */
export const UID_PARAM_SCHEMA = {
  type: 'string',
  pattern: UID_PATTERN.source,
  description: 'the user',
  'x-problem': 'the uid must be 1 to 200 printable characters',
} as const satisfies PropertySchema;
