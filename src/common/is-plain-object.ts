/**
 * A plain object (not null, not an array, not a class instance): what a JSON object decodes to. The one
 * check of it, for the engine (process files, callback results) and for every door (frames, bodies).
 */
export const isPlainObject = (value: unknown): value is { [key: string]: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);
