import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { InteractionStore } from '../../src/interactions/interaction-store.js';
import type { InteractionRecord } from '../../src/interactions/model/interaction.model.js';
import { testDatabases } from '../support/databases.js';
import { counterTurn, useStoreServers } from '../support/store-servers.js';

/** What of the database a running step could be holding: open transactions, advisory locks, busy connections. */
interface Held {
  readonly transactions: number;
  readonly advisoryLocks: number;
  readonly busyPooled: number;
}

describe.each(testDatabases())(
  'a turn holds nothing of the database while it steps, on %s',
  (kind) => {
    const { server } = useStoreServers(kind);

    /** Looks at the database from outside the store (Postgres) or at its one connection (SQLite). */
    const held = async (source: DataSource): Promise<Held> => {
      if (kind === 'sqlite') {
        const connection = (source.driver as unknown as { databaseConnection: Database })
          .databaseConnection;
        return { transactions: connection.inTransaction ? 1 : 0, advisoryLocks: 0, busyPooled: 0 };
      }
      const pool = (source.driver as unknown as { master: Pool }).master;
      const busyPooled = pool.totalCount - pool.idleCount;
      const [{ transactions }] = await source.query(
        `SELECT count(*)::int AS transactions FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
      );
      const [{ locks }] = await source.query(
        `SELECT count(*)::int AS locks FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
      );
      // (the two counting queries above ran on the pool: they are done, and their connection is idle again)
      return { transactions, advisoryLocks: locks, busyPooled };
    };

    it('steps outside any transaction, and again after losing a race, with no lock or connection held', async () => {
      const a = await server();
      const b = await server();
      const id = randomUUID();
      await a.store.create(
        { id, uid: 'ann', process: 'counter', processVersion: 'v1' },
        counterTurn(1, null),
      );
      const send = (store: InteractionStore, messageId: string, during: () => Promise<void>) =>
        store.turn({ id, uid: 'ann', messageId }, async (interaction: InteractionRecord) => {
          await during();
          return counterTurn(interaction.lastSeq + 1, messageId);
        });
      await send(b.store, 'warm', async () => undefined); // b has the interaction cached at seq 2
      await send(a.store, 'warm-a', async () => undefined); // a is at seq 3; b's copy is stale

      const seen: { seq: number; held: Held }[] = [];
      const result = await b.store.turn(
        { id, uid: 'ann', messageId: 'slow' },
        async (interaction) => {
          // the author's callback: it takes a while, and a is chatting meanwhile
          if (seen.length === 0) await send(a.store, 'rival', async () => undefined);
          seen.push({ seq: interaction.lastSeq, held: await held(b.source) });
          seen.push({ seq: interaction.lastSeq, held: await held(a.source) });
          return counterTurn(interaction.lastSeq + 1, 'slow');
        },
      );

      const nothing: Held = { transactions: 0, advisoryLocks: 0, busyPooled: 0 };
      // first on b's stale copy (seq 2), then, after its write lost to a's seq 4, on seq 4
      expect(seen).toEqual([
        { seq: 2, held: nothing },
        { seq: 2, held: nothing },
        { seq: 4, held: nothing },
        { seq: 4, held: nothing },
      ]);
      expect(result).toMatchObject({ replayed: false, reply: { seq: 5 } });
      expect((await a.store.transcript(id, 0)).map((e) => [e.seq, e.messageId])).toEqual([
        [1, null],
        [2, 'warm'],
        [3, 'warm-a'],
        [4, 'rival'],
        [5, 'slow'],
      ]);
    });
  },
);
