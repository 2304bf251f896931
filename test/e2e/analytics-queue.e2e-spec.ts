import { inject } from 'vitest';
import { DataSource } from 'typeorm';
import { rebuildRollup } from '../../src/persistence/analytics-rollup.js';
import { ROLLUP_LOCK_CLASS } from '../../src/persistence/analytics-rollup.sql.js';
import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

const ADMIN_TOKEN = 'queue-admin-token-0123456789';

// On Postgres the turn log's trigger only queues its turns for the analytics' rollup: the servers add the
// queue a second at a time, and a reader adds it first, so that it never sees a count behind.
describe.runIf(inject('postgresAdminUrl') !== null)(
  'the analytics rollup queue, on Postgres',
  () => {
    const app = useTestApp('postgres', { CONFIG_DIR: FIXTURES_CONFIG, ADMIN_TOKEN });

    /** A counter interaction with `n` messages after its welcome (each stays at "count": a refusal). */
    const counted = async (uid: string, n: number): Promise<string> => {
      const started = await http('POST', `${app.url}/interactions`, {
        body: { uid, process: 'counter' },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      for (let i = 0; i < n; i += 1) {
        const sent = await http(
          'POST',
          `${app.url}/interactions/${started.body.interaction}/messages`,
          {
            uid,
            body: { type: 'utterance', utterance: `m${i}` },
          },
        );
        expect(sent.status).toBe(200);
      }
      return started.body.interaction as string;
    };
    const queued = async () =>
      Number((await source().query('SELECT COUNT(*) AS n FROM analytics_pending'))[0].n);
    /** The refusals at "count" as the rollup's table holds them now (no reader adding the queue first). */
    const refusedInTable = async () =>
      Number(
        (
          await source().query(
            `SELECT COALESCE(SUM(n), 0) AS n FROM analytics_counts
           WHERE process = 'counter' AND activity = 'count' AND figure = 'refused'`,
          )
        )[0].n,
      );
    const source = () => app.app.get(DataSource);
    const analytics = () =>
      http('GET', `${app.url}/admin/processes/counter/analytics`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });

    it('adds the queued turns to the rollup within a few seconds, with no reader', async () => {
      await counted('queue-a', 3);
      await until('the servers add the queue', async () => (await queued()) === 0, 5_000);
      expect(await refusedInTable()).toBe(3);
    });

    it('has a reader add the queue first: held off, the servers leave it, and the reader waits for it', async () => {
      const runner = source().createQueryRunner();
      await runner.connect();
      try {
        // holding the queue's lock as a server adding it would
        await runner.query(`SELECT pg_advisory_lock(${ROLLUP_LOCK_CLASS}, 1)`);
        await counted('queue-b', 4);
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        expect(await queued()).toBe(5); // the welcome and the four messages: no server added them meanwhile
        expect(await refusedInTable()).toBe(3);
        let answered = false;
        const reading = analytics().then((response) => ((answered = true), response));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(answered).toBe(false);
        await runner.query(`SELECT pg_advisory_unlock(${ROLLUP_LOCK_CLASS}, 1)`);
        const response = await reading;
        expect(response.status).toBe(200);
        expect(response.body.totals).toMatchObject({ started: 2 });
        expect(
          response.body.activities.find((a: { id: string }) => a.id === 'count'),
        ).toMatchObject({ reached: 2, refused: 7 });
        expect(await queued()).toBe(0);
      } finally {
        await runner.release();
      }
    });

    it('takes a deleted interaction out whole, its queued turns too: the rollup stays what a rebuild makes', async () => {
      const runner = source().createQueryRunner();
      await runner.connect();
      try {
        await counted('queue-c', 2);
        await until('the servers add the queue', async () => (await queued()) === 0, 5_000);
        await runner.query(`SELECT pg_advisory_lock(${ROLLUP_LOCK_CLASS}, 1)`);
        // some of its turns added to the rollup, the later ones still queued when it is deleted
        const id = await counted('queue-c', 0);
        await http('POST', `${app.url}/interactions/${id}/messages`, {
          uid: 'queue-c',
          body: { type: 'utterance', utterance: 'first' },
        });
        await runner.query(`SELECT pg_advisory_unlock(${ROLLUP_LOCK_CLASS}, 1)`);
        await until('the servers add the queue', async () => (await queued()) === 0, 5_000);
        await runner.query(`SELECT pg_advisory_lock(${ROLLUP_LOCK_CLASS}, 1)`);
        for (const utterance of ['second', 'third']) {
          const sent = await http('POST', `${app.url}/interactions/${id}/messages`, {
            uid: 'queue-c',
            body: { type: 'utterance', utterance },
          });
          expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        }
        expect(await queued()).toBe(2);
        const deleting = http('DELETE', `${app.url}/admin/interactions/${id}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await runner.query(`SELECT pg_advisory_unlock(${ROLLUP_LOCK_CLASS}, 1)`);
        expect((await deleting).status).toBe(204);
        expect(await queued()).toBe(0);
        const kept = await tables();
        await rebuildRollup(source());
        expect(kept).toEqual(await tables());
        expect(kept.progress.map((p) => p.interaction_id)).not.toContain(id);
      } finally {
        await runner.release();
      }
    });

    /** The rollup's tables as they are (no queue added first), in key order. */
    const tables = async () => ({
      counts: (await source().query(
        `SELECT process, version, day, activity, figure, value, n::int AS n FROM analytics_counts
       ORDER BY process, version, day, activity, figure, value`,
      )) as Record<string, unknown>[],
      reached: (await source().query(
        'SELECT * FROM analytics_reached ORDER BY interaction_id, activity',
      )) as Record<string, unknown>[],
      progress: (await source().query(
        'SELECT * FROM analytics_progress ORDER BY interaction_id',
      )) as Record<string, unknown>[],
    });
  },
);
