import { BadMessageError } from './client-errors.js';

/** A JSON object (not null, not an array), as the widget protocols' frames and bodies must be. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An optional text field: absent when undefined, null or empty; otherwise a string of at most `max` characters. */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > max)
    throw new BadMessageError(`"${field}" must be a string of at most ${max} characters`);
  return value;
}
