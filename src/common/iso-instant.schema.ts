/** A date or a date and time in ISO-8601 (with or without a time zone), as a query names a moment. */
export const isoInstant = (field: string, example: string, description: string) =>
  ({
    type: 'string',
    anyOf: [{ format: 'date' }, { format: 'iso-date-time' }],
    description,
    'x-problem': `"${field}" must be an ISO-8601 date or time, e.g. ${example}`,
  }) as const;
