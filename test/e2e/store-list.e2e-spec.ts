import { randomUUID } from 'node:crypto';
import type { TurnWrite } from '../../src/interactions/model/interaction.model.js';
import { testDatabases } from '../support/databases.js';
import { counterTurn, useStoreServers } from '../support/store-servers.js';

/** The counter's turn `seq`, with the kb it leaves (the store writes a kb only when a turn changed it). */
const withKb = (seq: number, kb: Record<string, number>): TurnWrite => {
  const turn = counterTurn(seq);
  return { ...turn, state: { ...turn.state, kb } };
};

describe.each(testDatabases())('the admin list of interactions, on %s', (kind) => {
  const { server } = useStoreServers(kind);

  it('gives each interaction of a page as a read of it alone does: its latest state, seq and kb', async () => {
    const { store } = await server();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const interaction = (id: string) => ({
      id,
      uid: 'lister',
      process: 'counter',
      processVersion: 'v1',
    });
    // one that changed its kb at its second turn and not since, one whose latest turn changed it, one never
    await store.create(interaction(ids[0]), withKb(1, { a: 1 }));
    for (const turn of [withKb(2, { a: 2 }), withKb(3, { a: 2 }), withKb(4, { a: 2 })])
      expect(await store.commit((await store.claim(ids[0]))!, turn, false)).toBe(true);
    await store.create(interaction(ids[1]), withKb(1, { b: 1 }));
    expect(await store.commit((await store.claim(ids[1]))!, withKb(2, { b: 5 }), false)).toBe(true);
    await store.create(interaction(ids[2]), counterTurn(1));

    const listed = await store.list({ uid: 'lister', limit: 10 });
    expect(listed.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const record of listed) expect(record).toEqual(await store.find(record.id));
    const byId = new Map(listed.map((r) => [r.id, r]));
    expect(byId.get(ids[0])).toMatchObject({
      lastSeq: 4,
      state: { kb: { a: 2 }, context: { counter: 4 } },
    });
    expect(byId.get(ids[1])).toMatchObject({ lastSeq: 2, state: { kb: { b: 5 } } });
    expect(byId.get(ids[2])).toMatchObject({ lastSeq: 1, state: { kb: {} } });
    expect(await store.list({ uid: 'nobody', limit: 10 })).toEqual([]);
  });
});
