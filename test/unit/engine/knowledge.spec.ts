import { KeysNluAdapter } from '../../../src/nlu/keys-nlu.adapter.js';
import { kbForUser, knowledgeChanges } from '../../../src/engine/index.js';

describe(knowledgeChanges.name, () => {
  it('keeps the keys that were added or changed, by value', () => {
    const base = { greeting: 'Hi', address: { city: 'Milan' }, list: [1] };
    const kb = { greeting: 'Hi', address: { city: 'Rome' }, list: [1], payment: 'card' };
    expect(knowledgeChanges(base, kb)).toEqual({ address: { city: 'Rome' }, payment: 'card' });
    expect(knowledgeChanges(base, structuredClone(base))).toEqual({});
  });

  it('builds a user kb from the process kb with the saved changes on top, without sharing objects', () => {
    const base = { a: { x: 1 }, b: 2 };
    const kb = kbForUser(base, { b: 3 });
    expect(kb).toEqual({ a: { x: 1 }, b: 3 });
    (kb.a as { x: number }).x = 9;
    expect(base.a.x).toBe(1);
    expect(kbForUser(base, undefined)).toEqual(base);
  });
});

describe(KeysNluAdapter.name, () => {
  it('puts the text under every configured key, and under "text" by default', async () => {
    expect(await new KeysNluAdapter(['name', 'age']).parse('Mark')).toEqual({
      name: 'Mark',
      age: 'Mark',
    });
    expect(await new KeysNluAdapter().parse('hi')).toEqual({ text: 'hi' });
  });
});
