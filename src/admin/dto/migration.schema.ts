import type { InputOf, InputSchema } from '../../common/input-schema.js';

const version = (field: string, example: number, description: string) =>
  ({
    anyOf: [
      { type: 'integer', minimum: 0, maximum: 999_999_999 },
      { type: 'string', pattern: '^(\\d{1,9}|[0-9a-f]{16})$' },
    ],
    description,
    example,
    'x-problem': `"${field}" must be a version of the process: its number (e.g. 2) or its hash (16 hex digits)`,
  }) as const;

/** POST /admin/processes/:name/migrations: which interactions move, from which version to which. */
export const MIGRATION_SCHEMA = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  example: { from: 1, to: 2, mapping: { ask_name: 'ask_full_name' }, dryRun: true },
  properties: {
    from: version('from', 1, 'the version migrated from: its number or hash'),
    to: version('to', 2, 'the version migrated to: its number or hash'),
    mapping: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'renamed activities, old id → new id (any other activity maps to the same id)',
      example: { ask_name: 'ask_full_name' },
      'x-problem': '"mapping" must be an object of old activity id → new activity id',
    },
    context: {
      type: 'object',
      description: 'variables set in the context of each interaction moved',
      example: { greeting: 'hello' },
      'x-problem': '"context" must be an object of variables',
    },
    dryRun: {
      type: 'boolean',
      description: 'only report which interactions would move, and why others cannot',
      'x-problem': '"dryRun" must be true or false',
    },
  },
} as const satisfies InputSchema;

export type MigrationBody = InputOf<typeof MIGRATION_SCHEMA>;
