/** Hostile input: messages that are never valid, generated from a seed so that a failure can be replayed. */

/** A small seeded PRNG (mulberry32). */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] };
}

export type Random = ReturnType<typeof random>;

const WORDS = ['a', 'name', 'échec', '日本', '😀', '\u0000', '\ud800', 'x y', '"', '\\', 'null'];

const text = (r: Random, max = 20) =>
  Array.from({ length: r.int(max) }, () => r.pick(WORDS)).join(r.pick(['', ' ', '-']));

const scalar = (r: Random): unknown =>
  r.pick([
    () => r.int(2 ** 31) * (r.next() < 0.5 ? -1 : 1),
    () => r.next() * 1e308,
    () => text(r),
    () => r.next() < 0.5,
    () => null,
  ])();

/** Any JSON value, a few levels deep. */
export const anyJson = (r: Random, depth = 3): unknown => {
  if (depth === 0 || r.next() < 0.4) return scalar(r);
  if (r.next() < 0.5) return Array.from({ length: r.int(4) }, () => anyJson(r, depth - 1));
  return Object.fromEntries(
    Array.from({ length: r.int(4) }, () => [`k${text(r, 3)}`, anyJson(r, depth - 1)]),
  );
};

const notAString = (r: Random) => r.pick([1, null, true, [], {}, ['x'], { text: 'x' }]);
const notAnObject = (r: Random) => r.pick([1, null, 'x', true, [], [{}], '{}']);
const nested = (r: Random, depth: number) =>
  r.next() < 0.5
    ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
    : '['.repeat(depth) + ']'.repeat(depth);

/** The JSON text of a message that is never valid (the server must answer BAD_MESSAGE). */
export function invalidMessage(r: Random): string {
  const valid = () =>
    r.next() < 0.5
      ? { type: 'utterance', utterance: text(r) }
      : { type: 'data', payload: { k: anyJson(r) } };
  const kinds: (() => string)[] = [
    // not an object
    () => JSON.stringify(r.next() < 0.5 ? scalar(r) : [valid()]),
    // a wrong or missing type
    () =>
      JSON.stringify({
        type: r.pick([`x${text(r, 3)}`, 1, null, {}, ['data'], 'UTTERANCE', 'Data', ' data']),
        utterance: 'x',
        payload: {},
      }),
    () => JSON.stringify({ utterance: 'x', payload: {} }),
    // wrong-typed or missing fields
    () => JSON.stringify({ type: 'utterance', utterance: notAString(r) }),
    () => JSON.stringify({ type: 'utterance' }),
    () => JSON.stringify({ type: 'data', payload: notAnObject(r) }),
    () => JSON.stringify({ type: 'data' }),
    () => JSON.stringify({ ...valid(), id: r.pick(['', 'x'.repeat(201), 7, false, {}, ['a']]) }),
    // unknown fields
    () => JSON.stringify({ ...valid(), [`x_${text(r, 3)}`]: anyJson(r) }),
    () => JSON.stringify(anyJson(r)),
    // huge strings: over the utterance limit, or over MAX_BODY_BYTES
    () =>
      JSON.stringify({
        type: 'utterance',
        utterance: r.pick(['a', 'é', '😀', '\u0000']).repeat(10_001 + r.int(20_000)),
      }),
    () => JSON.stringify({ type: 'utterance', utterance: 'x'.repeat(70_000 + r.int(100_000)) }),
    // a NUL character in short text, which Postgres cannot store
    () =>
      r.pick([
        JSON.stringify({ type: 'utterance', utterance: `hi\u0000${text(r, 3)}` }),
        JSON.stringify({ type: 'data', payload: { k: ['a', `b\u0000`] } }),
        JSON.stringify({ type: 'data', payload: { [`k\u0000${text(r, 2)}`]: 1 } }),
      ]),
    // deep nesting
    () => `{"type":"data","payload":{"k":${nested(r, 64 + r.int(3_000))}}}`,
    // keys that reach a prototype, on an otherwise valid message
    () =>
      r.pick([
        '{"type":"data","payload":{},"__proto__":{"polluted":true}}',
        '{"type":"data","payload":{"__proto__":{"polluted":true}}}',
        '{"type":"data","payload":{"a":{"__proto__":{"polluted":true}}}}',
        '{"type":"data","payload":{"constructor":{"prototype":{"polluted":true}}}}',
        '{"type":"data","payload":{"a":[{"constructor":{"prototype":{"polluted":true}}}]}}',
        '{"type":"utterance","utterance":"hi","constructor":{"prototype":{"polluted":true}}}',
      ]),
  ];
  return r.pick(kinds)();
}

/** Text that is not JSON: a valid message cut short, or noise. */
export function notJson(r: Random): string {
  if (r.next() < 0.6) {
    const whole = JSON.stringify({ type: 'data', payload: { k: anyJson(r) }, id: 'cut' });
    return whole.slice(0, 1 + r.int(whole.length - 1));
  }
  return (
    r.pick(['', ' ', '{', '}', 'undefined', 'NaN', "{'type':'data'}", '{"type":"data",}']) + text(r)
  );
}

/** Bytes that are not valid UTF-8, placed where a JSON parser would choke on them. */
export const invalidUtf8 = (r: Random): Buffer =>
  Buffer.concat([
    Buffer.from('{"type":'),
    Buffer.from(
      r.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80]]),
    ),
    Buffer.from('"data","payload":{}}'),
  ]);
