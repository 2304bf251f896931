import { isPlainObject as isPlain } from '../common/is-plain-object.js';
import type { JsonObject } from './types.js';

/** The engine's reading of the one check (common/is-plain-object.ts): a plain object, as a JsonObject. */
export const isPlainObject = isPlain as (value: unknown) => value is JsonObject;

/** A short description of a value's JSON type, for error messages. */
export const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? 'an object' : `a ${typeof value} (${JSON.stringify(value)})`;
};

/**
 * Returns a plain-JSON copy of the value, or throws if it cannot be one (a cycle, a BigInt, or a NUL
 * character in a text, which databases cannot store). Functions and undefined are dropped, as JSON does.
 */
export const toJson = <T>(value: T): T => toJsonText(value).copy;

/** `toJson`, with the JSON text the copy was made from (to be stored as it is, not written again). */
export function toJsonText<T>(value: T): { readonly copy: T; readonly text: string } {
  const text = JSON.stringify(value);
  const copy = JSON.parse(text) as T;
  // JSON.stringify writes NUL as \u0000: only then is the copy walked, to tell it from a text with "\u0000".
  if (text.includes('\\u0000') && holdsNul(copy)) {
    throw new Error('it holds a NUL character (\\u0000), which cannot be stored');
  }
  return { copy, text };
}

/**
 * A copy of a value that is plain JSON already (a stored state, a checked payload): a JSON round trip,
 * cheaper than structuredClone for such values, and the same copy.
 */
export const copyJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string' && node.includes('\0')) return true;
    if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key.includes('\0')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
