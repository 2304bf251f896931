import type { JsonObject } from './types.js';

export const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** A short description of a value's JSON type, for error messages. */
export const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
};

/**
 * Returns a plain-JSON copy of the value, or throws if it cannot be one (a cycle, a BigInt).
 * Functions and undefined are dropped, as JSON does.
 */
export const toJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
