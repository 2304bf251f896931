import { InteractionCache } from '../../../src/persistence/interaction-cache.js';
import type { InteractionRecord } from '../../../src/interactions/model/interaction.model.js';
import type { Current } from '../../../src/persistence/turn-rows.js';

const interaction = (id: string): InteractionRecord => ({
  id,
  uid: 'ann',
  process: 'counter',
  processVersion: 'v1',
  status: 'active',
  lastSeq: 1,
  createdAt: '',
  updatedAt: '',
  state: { current: 'count', stack: [], done: {}, context: { _done_: [] }, kb: {} },
});
const record = (id: string): Current => ({ record: interaction(id), kbJson: '{}' });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe(InteractionCache.name, () => {
  it('keeps at most the given number of interactions, dropping the least recently used', () => {
    const cache = new InteractionCache(2);
    cache.set(record('a'), []);
    cache.set(record('b'), []);
    cache.get('a');
    cache.set(record('c'), []);
    expect(['a', 'b', 'c'].map((id) => cache.get(id) !== undefined)).toEqual([true, false, true]);
  });

  it('weighs entries by their message ids, so long transcripts cannot take the memory meant for many', () => {
    const cache = new InteractionCache(3); // a budget of 300 message ids
    cache.set(record('a'), ids(50));
    cache.set(record('b'), ids(150));
    cache.set(record('c'), ids(100)); // each weighs 1 + its ids: 303, over budget, so the least recent goes
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.messageIds.size).toBe(150);
    // heavier than the whole budget: not kept, but the caller still gets its entry to work with
    expect(cache.set(record('huge'), ids(1_000)).messageIds.size).toBe(1_000);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('records a committed turn on the cached copy, with its message id', () => {
    const cache = new InteractionCache(2);
    const entry = cache.set(record('a'), ['m1']);
    cache.advance(entry, { record: { ...interaction('a'), lastSeq: 2 }, kbJson: '{}' }, 'm2');
    expect(cache.get('a')?.record.lastSeq).toBe(2);
    expect([...cache.get('a')!.messageIds]).toEqual(['m1', 'm2']);
  });
});
