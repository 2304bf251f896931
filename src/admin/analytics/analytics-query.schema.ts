import type { InputOf, InputSchema } from '../../common/input-schema.js';
import { isoInstant } from '../../common/iso-instant.schema.js';

/** GET /admin/processes/:name/analytics: which interactions count, and the format. */
export const ANALYTICS_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'only the interactions that started on this process version',
      'x-problem': '"version" must be 1 to 64 characters (a version the process list shows)',
    },
    from: isoInstant(
      'from',
      '2026-12-01 or 2026-12-01T09:00:00Z',
      'only interactions started on or after the UTC day of this date or time (ISO-8601)',
    ),
    to: isoInstant(
      'to',
      '2026-12-31 or 2026-12-31T18:00:00Z',
      'only interactions started up to the end of the UTC day of this date or time, or before it if it is a midnight (ISO-8601)',
    ),
    format: {
      enum: ['json', 'csv'],
      description: 'json (the default) or csv',
      'x-problem': '"format" must be "json" or "csv"',
    },
  },
} as const satisfies InputSchema;

export type AnalyticsQuery = InputOf<typeof ANALYTICS_QUERY_SCHEMA>;
