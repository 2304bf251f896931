import { PRINTABLE } from '../../common/bounds.js';
import type { InputOf, InputSchema } from '../../common/input-schema.js';
import { isoInstant } from '../../common/iso-instant.schema.js';

const text = (field: string, max: number, description: string, what = 'characters') =>
  ({
    type: 'string',
    minLength: 1,
    maxLength: max,
    pattern: PRINTABLE.source,
    description,
    'x-problem': `"${field}" must be 1 to ${max} printable ${what}`,
  }) as const;

/** GET /admin/interactions: the filters of the console's list, and its page. */
export const LIST_INTERACTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uid: text('uid', 200, "only this user's"),
    process: text('process', 200, "only this process's"),
    status: {
      enum: ['active', 'completed', 'held', 'handoff'],
      description: 'only those in this status (handoff: waiting for a person)',
      'x-problem': '"status" must be "active", "completed", "held" or "handoff"',
    },
    version: text('version', 64, 'only those started on this process version'),
    from: isoInstant('from', '2026-12-01', 'only those started at or after this time'),
    to: isoInstant('to', '2026-12-31', 'only those started before this time'),
    q: text('q', 200, 'only those whose uid contains it or whose id starts with it'),
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 200,
      description: 'page size, 1 to 200 (50)',
      'x-problem': '"limit" must be a whole number from 1 to 200',
    },
    cursor: text(
      'cursor',
      500,
      'the nextCursor of the previous page',
      'characters: the nextCursor of the previous page',
    ),
  },
} as const satisfies InputSchema;

export type ListInteractionsQuery = InputOf<typeof LIST_INTERACTIONS_SCHEMA>;
