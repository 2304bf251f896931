import { withKeys } from '../../../src/engine/index.js';

describe('withKeys', () => {
  it('is the spread of both: a new object, the extra keys after the source, the later value winning', () => {
    const source = { utterance: 'hi', payload: { a: 1 }, seq: 1 };
    const joined = withKeys(source, { seq: 2, id: 'm1' });
    expect(joined).toEqual({ utterance: 'hi', payload: { a: 1 }, seq: 2, id: 'm1' });
    expect(Object.keys(joined)).toEqual(['utterance', 'payload', 'seq', 'id']);
    expect(joined).not.toBe(source);
    expect(source.seq).toBe(1);
  });

  it('keeps an own "__proto__" key an own key, as a spread does, and never sets the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const joined = withKeys(parsed, { b: 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(joined)).toBe(Object.prototype);
    expect(Object.hasOwn(joined, '__proto__')).toBe(true);
    expect(joined.polluted).toBeUndefined();
    const extra = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    expect(Object.getPrototypeOf(withKeys({ a: 1 }, extra))).toBe(Object.prototype);
  });
});
