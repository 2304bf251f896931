import { BadMessageError } from './client-errors.js';

/** An optional text field: absent when undefined, null or empty; otherwise a string of at most `max` characters. */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw new BadMessageError(`"${field}" must be a string of at most ${max} characters`);
  return value;
}
