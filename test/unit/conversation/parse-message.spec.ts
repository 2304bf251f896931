import 'reflect-metadata';
import { MAX_JSON_DEPTH } from '../../../src/common/json-guard.js';
import { parseMessage } from '../../../src/conversation/parse-message.js';

// As a promise, so that a refusal and a result are asserted alike.
const check = async (...args: Parameters<typeof parseMessage>) => parseMessage(...args);
const parse = (text: string) => check(JSON.parse(text), text.length, 65_536);
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe(parseMessage.name, () => {
  it.each([
    ['__proto__ at the top', '{"type":"data","payload":{},"__proto__":{"polluted":true}}'],
    ['__proto__ in the payload', '{"type":"data","payload":{"a":{"__proto__":{"polluted":1}}}}'],
    ['constructor.prototype', '{"type":"data","payload":{"constructor":{"prototype":{"p":1}}}}'],
  ])('refuses %s as a BAD_MESSAGE naming the key', async (_, text) => {
    await expect(parse(text)).rejects.toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringMatching(/has the key ".*(__proto__|constructor)"/),
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['in the utterance', '{"type":"utterance","utterance":"a\\u0000b"}', 'utterance'],
    ['in a payload value', '{"type":"data","payload":{"a":["x\\u0000"]}}', 'payload.a.0'],
    ['in a payload key', '{"type":"data","payload":{"k\\u0000":1}}', 'payload.k\u0000'],
  ])('refuses a NUL character %s, which Postgres cannot store', async (_, text, path) => {
    await expect(parse(text)).rejects.toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining(`NUL character (\\u0000) in ${JSON.stringify(path)}`),
    });
  });

  it('takes the six characters \\u0000 written out as text', async () => {
    await expect(parse('{"type":"utterance","utterance":"a\\\\u0000b"}')).resolves.toMatchObject({
      input: { utterance: 'a\\u0000b' },
    });
  });

  it('keeps every key of the payload, those named like Object.prototype methods included', async () => {
    const payload = { toString: 1, valueOf: [1], hasOwnProperty: 'x', a: { toString: 'y' } };
    const { input } = await check({ type: 'data', payload }, 100, 65_536);
    expect(input).toEqual({ type: 'data', payload });
  });

  it('refuses a "constructor" key at any depth, as it reaches the prototype', async () => {
    await expect(
      parse('{"type":"data","payload":{"a":[{"constructor":"Bob"}]}}'),
    ).rejects.toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('a.0.constructor'),
    });
  });

  it('refuses nesting deeper than the limit without overflowing the stack, at any depth', async () => {
    await expect(
      parse(`{"type":"data","payload":${nested(MAX_JSON_DEPTH - 1)}}`),
    ).resolves.toMatchObject({ input: { type: 'data' } });
    for (const depth of [MAX_JSON_DEPTH, 5_000]) {
      await expect(parse(`{"type":"data","payload":${nested(depth)}}`)).rejects.toMatchObject({
        code: 'BAD_MESSAGE',
        message: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`),
      });
    }
    const deepArray = check(
      { type: 'data', payload: { a: JSON.parse('['.repeat(30_000) + ']'.repeat(30_000)) } },
      () => 1,
      65_536,
    );
    await expect(deepArray).rejects.toMatchObject({ code: 'BAD_MESSAGE' });
  });

  it('measures a lazily sized message only once it is safe to walk', async () => {
    const big = { type: 'utterance', utterance: 'x'.repeat(2_000) };
    await expect(check(big, () => JSON.stringify(big).length, 1_024)).rejects.toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining('limit is 1024'),
    });
  });
});

describe('the message rules, as every transport checks them', () => {
  it.each([
    [{}, '"type" must be "utterance" (text) or "data" (a payload object)'],
    [{ type: 'nope' }, '"type" must be'],
    [{ type: 'utterance' }, '"utterance" must be a string'],
    [{ type: 'utterance', utterance: 5 }, '"utterance" must be a string'],
    [{ type: 'utterance', utterance: 'x'.repeat(10_001) }, 'at most 10000 characters'],
    [{ type: 'data' }, '"payload" must be a JSON object'],
    [{ type: 'data', payload: [1] }, '"payload" must be a JSON object'],
    [{ type: 'data', payload: null }, '"payload" must be a JSON object'],
    [{ type: 'data', payload: {}, id: 7 }, '"id" must be a string'],
    [
      { type: 'data', payload: {}, id: '' },
      '"id" must be a string: your id for this message, to retry it safely, 1 to 200 characters',
    ],
    [{ type: 'data', payload: {}, extra: 1 }, 'unknown field "extra"; remove it'],
  ])('refuses %j: %s', async (message, problem) => {
    await expect(check(message, 10, 65_536)).rejects.toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining(problem),
    });
  });

  it('names every problem once, unknown fields first', async () => {
    await expect(check({ type: 'utterance', a: 1, b: 2, id: 3 }, 10, 65_536)).rejects.toThrow(
      'unknown field "a"; remove it; unknown field "b"; remove it; "utterance" must be a string: the text the user wrote, at most 10000 characters; "id" must be a string: your id for this message, to retry it safely, 1 to 200 characters',
    );
  });

  it('takes a field of the other type as it is, and the payload as sent', async () => {
    const payload = { a: [1, { b: null }] };
    const parsed = await check({ type: 'data', payload, utterance: 9, id: 'm-1' }, 10, 65_536);
    expect(parsed).toEqual({ input: { type: 'data', payload }, messageId: 'm-1' });
    expect((parsed.input as { payload: unknown }).payload).toBe(payload);
  });
});
