import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import { ConcurrentTurnError } from '../../src/persistence/persistence-errors.js';
import {
  DuplicateMessageError,
  type TurnWrite,
} from '../../src/persistence/interaction.records.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { TypeormInteractionStore } from '../../src/persistence/typeorm-interaction-store.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';

/** A turn of a counter: the state after `seq` turns. */
function turn(seq: number, messageId: string | null): TurnWrite {
  const state = {
    current: 'count',
    stack: [],
    done: {},
    context: { _done_: [], counter: seq },
    kb: {},
  };
  const reply = {
    utterance: `${seq}`,
    payload: {},
    seq,
    activity: 'count',
    status: 'active' as const,
  };
  return {
    state,
    status: 'active',
    entry: {
      seq,
      messageId,
      input: seq === 1 ? null : { type: 'utterance', utterance: `m${seq}` },
      reply,
      activityBefore: seq === 1 ? null : 'count',
      activityAfter: 'count',
    },
  };
}

describe.each(testDatabases())('the store group-commits turns on %s', (kind) => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  /** A store as one server process has it: its own connection(s) and its own cache. */
  const openStore = async (env: Record<string, string> = {}) => {
    const settings = loadSettings({ ...db.env, ...env });
    const source = await new DataSource(dataSourceOptions(settings)).initialize();
    await runMigrations(source);
    sources.push(source);
    return new TypeormInteractionStore(source, settings);
  };
  const create = async (store: TypeormInteractionStore) => {
    const id = randomUUID();
    await store.create({ id, uid: 'ann', process: 'counter', processVersion: 'v1' }, turn(1, null));
    return id;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await db?.drop();
  });

  it('commits the turns of many interactions sent at once, each exactly once', async () => {
    const store = await openStore();
    const ids = await Promise.all(Array.from({ length: 40 }, () => create(store)));
    for (let seq = 2; seq <= 4; seq += 1) {
      await Promise.all(
        ids.map(async (id) => {
          const open = (await store.openTurn(id, `${id}-${seq}`))!;
          expect(open.interaction.lastSeq).toBe(seq - 1);
          await open.commit(turn(seq, `${id}-${seq}`));
        }),
      );
    }
    for (const id of ids) {
      const found = (await store.find(id))!;
      expect(found.lastSeq).toBe(4);
      expect(found.state.context).toEqual({ _done_: [], counter: 4 });
      expect((await store.transcript(id, 0)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    }
  });

  it('keeps the other turns of a batch when one of them fails, and leaves the failed one unwritten', async () => {
    const store = await openStore();
    const ids = await Promise.all(Array.from({ length: 6 }, () => create(store)));
    const opened = await Promise.all(ids.map((id) => store.openTurn(id, null)));
    // ids[3] writes a message id its transcript already holds (its welcome's is null, so give seq 1 one first)
    const reused = `${ids[3]}-twice`;
    await opened[3]!.commit(turn(2, reused));
    const again = (await store.openTurn(ids[3], null))!;
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        (i === 3 ? again : opened[i]!).commit(turn(i === 3 ? 3 : 2, i === 3 ? reused : null)),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateMessageError);
    const failed = (await store.find(ids[3]))!;
    expect(failed.lastSeq).toBe(2);
    expect((await store.transcript(ids[3], 0)).map((e) => e.seq)).toEqual([1, 2]);
    for (const i of [0, 1, 2, 4, 5]) expect((await store.find(ids[i]))!.lastSeq).toBe(2);
  });

  it('serves an interaction whose message ids outgrow the cache, reading it for each turn', async () => {
    const store = await openStore({ INTERACTION_CACHE_SIZE: '1' }); // a budget of 100 message ids
    const id = await create(store);
    for (let seq = 2; seq <= 130; seq += 1) {
      const open = (await store.openTurn(id, `m${seq}`))!;
      expect(open.duplicate).toBeNull();
      expect(open.interaction.lastSeq).toBe(seq - 1);
      await open.commit(turn(seq, `m${seq}`));
    }
    expect((await store.openTurn(id, 'm5'))!.duplicate?.seq).toBe(5);
    expect((await store.find(id))!.lastSeq).toBe(130);
  });

  it('refuses a turn computed from a copy that another process has moved past, then serves an exclusive retry', async () => {
    const a = await openStore();
    const b = await openStore();
    const id = await create(a);
    const fromA = (await a.openTurn(id, 'a-2'))!; // a's cached copy, at seq 1
    const fromB = (await b.openTurn(id, 'b-2'))!; // b reads it: also at seq 1
    await fromB.commit(turn(2, 'b-2'));
    await expect(fromA.commit(turn(2, 'a-2'))).rejects.toBeInstanceOf(ConcurrentTurnError);

    const retry = (await a.openTurn(id, 'a-2', true))!;
    expect(retry.interaction.lastSeq).toBe(2);
    await retry.commit(turn(3, 'a-2'));
    await retry.release();
    const inputs = (await a.transcript(id, 0)).map((e) => e.messageId);
    expect(inputs).toEqual([null, 'b-2', 'a-2']);
    // a's next turn reloads from the database and sees both
    const next = (await a.openTurn(id, 'b-2'))!;
    expect(next.interaction.lastSeq).toBe(3);
    expect(next.duplicate?.seq).toBe(2);
  });

  it.runIf(kind === 'postgres')(
    'goes on with the rest of a batch while one interaction is locked by another transaction',
    async () => {
      const store = await openStore();
      const [busy, ...free] = await Promise.all([create(store), create(store), create(store)]);
      const opened = await Promise.all([busy, ...free].map((id) => store.openTurn(id, null)));
      const blocker = new pg.Client({ connectionString: db.env.DATABASE_URL });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT id FROM interactions WHERE id = $1 FOR UPDATE', [busy]);
        const outcomes = await Promise.allSettled(
          opened.map((open) => open!.commit(turn(2, null))),
        );
        // all settled while the lock is still held: the free ones were written, the busy one skipped
        expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
        expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentTurnError);
      } finally {
        await blocker.query('ROLLBACK');
        await blocker.end();
      }
      expect((await store.find(busy))!.lastSeq).toBe(1);
      for (const id of free) expect((await store.find(id))!.lastSeq).toBe(2);
    },
  );
});
