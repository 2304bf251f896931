import { randomUUID } from 'node:crypto';
import type { InteractionStore } from '../../src/interactions/interaction-store.js';
import { testDatabases } from '../support/databases.js';
import { counterTurn, useStoreServers } from '../support/store-servers.js';

describe.each(testDatabases())('a store that forgets erased interactions, on %s', (kind) => {
  const { server } = useStoreServers(kind);

  it('takes no turn from a copy cached before the erase, and serves the id again once it is stored anew', async () => {
    const a = await server();
    const b = await server();
    const id = randomUUID();
    const interaction = { id, uid: 'ann', process: 'counter', processVersion: 'v1' };
    await a.store.create(interaction, counterTurn(1));
    const step = (store: InteractionStore) =>
      store.turn({ id, uid: 'ann', messageId: null }, async (record) =>
        counterTurn(record.lastSeq + 1),
      );
    expect((await step(b.store))?.reply.seq).toBe(2); // b caches it at seq 2
    const stale = (await b.store.claim(id))!;
    const turns = async () =>
      Number(
        (
          await a.source.query(
            `SELECT COUNT(*) AS n FROM turns WHERE interaction_id = ${kind === 'postgres' ? '$1' : '?'}`,
            [id],
          )
        )[0].n,
      );

    // erased through a (its rows), then every server's store forgets it (the relay's part)
    expect(await a.store.delete(id)).toBe(true);
    for (const { store } of [a, b]) store.forget([id]);
    expect(await b.store.commit(stale, counterTurn(3), false)).toBe(false);
    expect(await b.store.claim(id)).toBeNull();
    expect(await step(b.store)).toBeNull();
    expect(await turns()).toBe(0);

    // the same id stored again (a Rasa session keeps its id) is a new interaction, served everywhere
    expect(await a.store.create(interaction, counterTurn(1))).toBe(true);
    expect((await step(b.store))?.reply.seq).toBe(2);
    expect((await step(a.store))?.reply.seq).toBe(3);
    expect(await turns()).toBe(3);
  });
});
