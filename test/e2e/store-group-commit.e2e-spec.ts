import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ConcurrentTurnError } from '../../src/interactions/model/turn.errors.js';
import { DataSource } from 'typeorm';
import type { InteractionRecord } from '../../src/interactions/model/interaction.model.js';
import { dataSourceOptions } from '../../src/persistence/data-source-options.js';
import type { InteractionStore } from '../../src/interactions/interaction-store.js';
import { openStoreOn, turnLogFor } from '../../src/persistence/open-store.js';
import { LOCK_INTERACTION } from '../../src/persistence/postgres/append-turns.sql.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { type TurnLog, toRowForTest } from '../support/turn-rows.js';
import { loadSettings } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { counterTurn } from '../support/store-servers.js';

describe.each(testDatabases())('the store group-commits turns on %s', (kind) => {
  let db: TestDatabase;
  const sources: DataSource[] = [];
  /** A data source as one server process has it: its own connection(s). */
  const openSource = async (env: Record<string, string> = {}) => {
    const source = await new DataSource(
      dataSourceOptions(loadSettings({ ...db.env, ...env })),
    ).initialize();
    await runMigrations(source);
    sources.push(source);
    return source;
  };
  /** A store as one server process has it: its own connections and its own cache. */
  const openStore = async (env: Record<string, string> = {}) =>
    openStoreOn(await openSource(env), loadSettings({ ...db.env, ...env }));
  const create = async (store: InteractionStore) => {
    const id = randomUUID();
    await store.create(
      { id, uid: 'ann', process: 'counter', processVersion: 'v1' },
      counterTurn(1, null),
    );
    return id;
  };
  /** One turn of ann's interaction: the step records the seq it saw. */
  const send = (
    store: InteractionStore,
    id: string,
    messageId: string | null,
    seen: number[] = [],
  ) =>
    store.turn({ id, uid: 'ann', messageId }, async (interaction: InteractionRecord) => {
      seen.push(interaction.lastSeq);
      return counterTurn(interaction.lastSeq + 1, messageId);
    });
  const seqs = async (store: InteractionStore, id: string) =>
    (await store.transcript(id, 0)).map((e) => e.seq);

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
      const seen: number[] = [];
      await Promise.all(ids.map((id) => send(store, id, `${id}-${seq}`, seen)));
      expect(seen).toEqual(Array(40).fill(seq - 1));
    }
    for (const id of ids) {
      const found = (await store.find(id))!;
      expect(found.lastSeq).toBe(4);
      expect(found.state.context).toEqual({ _done_: [], counter: 4 });
      expect(await seqs(store, id)).toEqual([1, 2, 3, 4]);
    }
  });

  it('commits the rest of a batch in which some turns lose their race or repeat a message id', async () => {
    const source = await openSource();
    const store = openStoreOn(source, loadSettings(db.env));
    const log: TurnLog = turnLogFor(source);
    const ids = await Promise.all(Array.from({ length: 6 }, () => create(store)));
    await send(store, ids[1], 'taken');
    const record = async (id: string) => (await store.find(id))!;
    const rows = [
      toRowForTest(await record(ids[0]), counterTurn(2, 'x')),
      toRowForTest(await record(ids[1]), counterTurn(2, 'y')), // seq 2 is taken: lost the race
      toRowForTest(await record(ids[2]), counterTurn(2, 'z')),
      toRowForTest({ ...(await record(ids[1])), lastSeq: 2 }, counterTurn(3, 'taken')), // a repeated message id
      toRowForTest(await record(ids[4]), counterTurn(2, 'dup')),
      toRowForTest({ ...(await record(ids[4])), lastSeq: 2 }, counterTurn(3, 'dup')), // repeated in the batch
    ];
    const outcomes = await Promise.all(rows.map((row) => log.append(row)));
    expect(outcomes.map((o) => (o === 'conflict' ? o : 'committedAt' in o))).toEqual([
      true,
      'conflict',
      true,
      'conflict',
      true,
      'conflict',
    ]);
    expect(await seqs(store, ids[1])).toEqual([1, 2]);
    expect(await seqs(store, ids[4])).toEqual([1, 2]);
    for (const i of [0, 2]) expect((await record(ids[i])).lastSeq).toBe(2);
  });

  it('answers a message id committed before with its stored reply, without running the step', async () => {
    const first = await openStore();
    const id = await create(first);
    const committed = await send(first, id, 'once');
    // a crash between the commit and the reply: the client sends again, to another server
    const other = await openStore();
    const seen: number[] = [];
    expect(await send(other, id, 'once', seen)).toEqual({
      reply: committed!.reply,
      replayed: true,
    });
    expect(seen).toEqual([]);
    // and to the first again, whose cached copy knows the id
    expect((await send(first, id, 'once', seen))!.replayed).toBe(true);
    // a server whose cached copy is behind runs the step, finds the id taken and answers the stored reply
    await send(other, id, 'later');
    expect(await send(first, id, 'later', seen)).toMatchObject({ replayed: true });
    expect(await seqs(first, id)).toEqual([1, 2, 3]);
  });

  it('fences two servers on one interaction: every seq once, none lost, each step on the latest state', async () => {
    const servers = [await openStore(), await openStore()];
    const id = await create(servers[0]);
    let refused = 0;
    /** A client that sends again on a retryable refusal, as clients are told to. */
    const client = async (server: InteractionStore, messageId: string) => {
      for (;;) {
        try {
          return await send(server, id, messageId);
        } catch (error) {
          if (!(error instanceof ConcurrentTurnError)) throw error;
          refused += 1;
        }
      }
    };
    // each server runs its turns of the interaction one at a time, as its InteractionsService does
    const queues = servers.map(() => Promise.resolve<unknown>(undefined));
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const server = i % 2;
        const next = queues[server].then(() => client(servers[server], `m${i}`));
        queues[server] = next;
        return next;
      }),
    );
    expect(replies.every((r) => r !== null && !r.replayed)).toBe(true);
    expect(replies.map((r) => r!.reply.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
    expect(await seqs(servers[1], id)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect((await servers[1].find(id))!.state.context.counter).toBe(41);
    // Postgres holds the interaction for a turn that lost a race: it never has to refuse one. SQLite (meant
    // for one server) cannot, and may refuse a turn that lost several times: retryable, nothing written.
    if (kind === 'postgres') expect(refused).toBe(0);
  });

  it('serves an interaction whose message ids outgrow the cache, reading it for each turn', async () => {
    const store = await openStore({ INTERACTION_CACHE_SIZE: '1' }); // a budget of 100 message ids
    const id = await create(store);
    for (let seq = 2; seq <= 130; seq += 1) {
      const seen: number[] = [];
      expect(await send(store, id, `m${seq}`, seen)).toMatchObject({ replayed: false });
      expect(seen).toEqual([seq - 1]);
    }
    expect(await send(store, id, 'm5')).toMatchObject({ replayed: true, reply: { seq: 5 } });
    expect((await store.find(id))!.lastSeq).toBe(130);
  });

  it('refuses nothing and changes nothing when the step throws', async () => {
    const store = await openStore();
    const id = await create(store);
    await expect(
      store.turn({ id, uid: 'ann', messageId: 'bad' }, () => Promise.reject(new Error('refused'))),
    ).rejects.toThrow('refused');
    expect(
      await store.turn({ id, uid: 'bob', messageId: null }, () => Promise.reject()),
    ).toBeNull();
    expect(await seqs(store, id)).toEqual([1]);
    expect(await send(store, id, 'bad')).toMatchObject({ replayed: false, reply: { seq: 2 } });
  });

  it.runIf(kind === 'postgres')(
    'goes on with the rest of a batch while one interaction is held by an exclusive turn elsewhere',
    async () => {
      const source = await openSource();
      const store = openStoreOn(source, loadSettings(db.env));
      const log = turnLogFor(source);
      const [busy, ...free] = await Promise.all([create(store), create(store), create(store)]);
      const rows = await Promise.all(
        [busy, ...free].map(async (id) =>
          toRowForTest((await store.find(id))!, counterTurn(2, null)),
        ),
      );
      const holder = new pg.Client({ connectionString: db.env.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(LOCK_INTERACTION, [busy]);
        const outcomes = await Promise.all(rows.map((row) => log.append(row)));
        // all settled while the lock is still held: the free ones were written, the busy one skipped
        expect(outcomes.map((o) => (o === 'conflict' ? o : 'committed'))).toEqual([
          'conflict',
          'committed',
          'committed',
        ]);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      expect((await store.find(busy))!.lastSeq).toBe(1);
      for (const id of free) expect((await store.find(id))!.lastSeq).toBe(2);
    },
  );
});
