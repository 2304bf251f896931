import { BadMessageError } from './client-errors.js';

/** How deeply a message may nest objects and arrays; real payloads are a few levels deep. */
export const MAX_JSON_DEPTH = 64;

const nulIn = (path: string, what: string) =>
  new BadMessageError(
    `${what} has a NUL character (\\u0000) in ${path === '' ? 'it' : JSON.stringify(path.slice(0, -1))}, which cannot be stored: remove it`,
  );

/**
 * Refuses decoded JSON that the rest of the server must never see: nesting deeper than MAX_JSON_DEPTH
 * (the validators and JSON.stringify recurse, and would overflow the stack), the keys that reach
 * an object's prototype, `__proto__` and `constructor`, and
 * the NUL character in any text (Postgres cannot store it in JSON). Iterative, so that any depth is checked
 * without recursion.
 */
export function guardJson(value: unknown, what = 'the message'): void {
  const pending: [unknown, number, string][] = [[value, 1, '']];
  while (pending.length > 0) {
    const [node, depth, path] = pending.pop()!;
    if (typeof node === 'string' && node.includes('\0')) throw nulIn(path, what);
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new BadMessageError(
        `${what} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
      );
    }
    for (const key of Object.keys(node)) {
      if (key.includes('\0')) throw nulIn(`${path}${key}.`, what);
      if (key === '__proto__' || key === 'constructor') {
        throw new BadMessageError(
          `${what} has the key "${path}${key}", which is not allowed (__proto__ and constructor reach an object's prototype)`,
        );
      }
      pending.push([(node as Record<string, unknown>)[key], depth + 1, `${path}${key}.`]);
    }
  }
}
